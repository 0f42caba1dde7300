// Alternative: one goroutine for all the inputs, which waits on all of them and on ctx at once with
// reflect.Select, a select whose cases are built at run time. No input holds up another, and the output has
// a single sender, which closes it when it is done.
// Replaces: 03-fanoutin/merge.go

package main

import "reflect"

func Merge[T any](ctx context.Context, ins ...<-chan T) <-chan T {
	out := make(chan T)
	go func() {
		defer close(out)
		cases := []reflect.SelectCase{{Dir: reflect.SelectRecv, Chan: reflect.ValueOf(ctx.Done())}}
		for _, in := range ins {
			cases = append(cases, reflect.SelectCase{Dir: reflect.SelectRecv, Chan: reflect.ValueOf(in)})
		}
		for open := len(ins); open > 0; {
			i, v, ok := reflect.Select(cases)
			switch {
			case i == 0:
				return // ctx is cancelled
			case !ok:
				cases[i].Chan = reflect.Value{} // a closed input: a zero Chan is a case that is never ready
				open--
				continue
			}
			select {
			case out <- v.Interface().(T):
			case <-ctx.Done():
				return
			}
		}
	}()
	return out
}
