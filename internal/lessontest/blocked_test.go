package lessontest

import (
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLeftBlocked(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		before := Goroutines()
		assert.Empty(t, before.LeftBlocked(), "nothing started yet")
		ch := make(chan int)
		go func() { <-ch }()
		go func() { time.Sleep(time.Hour) }()
		left := before.LeftBlocked()
		require.Len(t, left, 2)
		assert.ElementsMatch(t, []string{"chan receive", "sleep"}, []string{left[0].State, left[1].State},
			"the states, without synctest's (durable)")
		assert.Contains(t, Describe(left), "2 goroutine(s)")
		assert.Empty(t, Describe(nil))
		close(ch)
		time.Sleep(time.Hour)
	})
}
