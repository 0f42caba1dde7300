package main

import (
	"fmt"

	"github.com/go-concurrency-workshop/workshop/internal/lessons"
)

// findLessons returns the lessons, found from the files alone (see internal/lessons): each must have an
// exercise file.
func findLessons() ([]lessons.Lesson, error) {
	found, err := lessons.Find(".")
	if err != nil {
		return nil, err
	}
	for _, l := range found {
		if len(l.Files) == 0 {
			return nil, fmt.Errorf("%s has no exercise file (a .go file starting //go:build !solution)", l.Dir)
		}
	}
	return found, nil
}
