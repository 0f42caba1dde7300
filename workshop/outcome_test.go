package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-concurrency-workshop/workshop/internal/lessons"
)

// The files in testdata are real output of `go test -json` and `go vet -json`: stub.json is lesson 01 on
// its stub, crash.json a race and a double close, timeout.json a test that never ends, build.json code
// that does not compile, vet.json a copied WaitGroup, closerace.json lesson 05 with every worker closing
// the output (a close racing a send, then a crash). From lesson 04, on the reference with one mistake
// swapped in: throttled.json a Throttled that drops the results cut short (messages of several lines),
// racethrottled.json a pause shared without synchronisation inside Throttled (the catalogue's
// unsynchronised-pause), racelimiter.json a Backpressure whose workers call the Limiter themselves.

// readTestdata decodes a capture of `go test -json`.
func readTestdata(t testing.TB, name string) []event {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	require.NoError(t, err)
	defer f.Close()
	events := readEvents(f)
	require.NotEmpty(t, events, "no events in testdata/%s", name)
	return events
}

func TestSummarizeStub(t *testing.T) {
	o := summarize(readTestdata(t, "stub.json"), "github.com/go-concurrency-workshop/workshop/01-sequential", "01-sequential")

	t.Run("lists the top-level tests in the order they ran", func(t *testing.T) {
		require.Len(t, o.Tests, 2)
		assert.Equal(t, "TestSequential", o.Tests[0].Name)
		assert.Equal(t, "TestSequentialAgainstTheRealServer", o.Tests[1].Name)
		assert.False(t, o.passed())
	})

	t.Run("names each failing subtest in words, with the first thing it said", func(t *testing.T) {
		require.Len(t, o.Tests[0].Failures, 4)
		assert.Equal(t, failure{
			Name:    "returns one result per request, in request order",
			Message: "Sequential returned no results for 10 requests. Is it still the stub? Follow the TODOs in the exercise file.",
		}, o.Tests[0].Failures[0])
		assert.Equal(t, 6, o.Tests[0].Checks)
	})

	t.Run("takes testify's Messages field over its Error field", func(t *testing.T) {
		assert.True(t, strings.HasPrefix(o.Tests[0].Failures[1].Message, "Sequential should wait for each request before making the next"),
			o.Tests[0].Failures[1].Message)
	})

	t.Run("gives a failing test without subtests its own message", func(t *testing.T) {
		require.Len(t, o.Tests[1].Failures, 1)
		assert.Empty(t, o.Tests[1].Failures[0].Name)
		assert.Contains(t, o.Tests[1].Failures[0].Message, "returned no results for 30 requests")
	})

	t.Run("finds no crash, leak or build failure where there is none", func(t *testing.T) {
		assert.Nil(t, o.Crash)
		assert.Empty(t, o.Leak)
		assert.Empty(t, o.Broken)
	})
}

func TestARaceOnAChannelIsACloseAgainstASend(t *testing.T) {
	o := summarize(readTestdata(t, "closerace.json"), "github.com/go-concurrency-workshop/workshop/05-pipelines", "05-pipelines")
	var races []string
	for _, r := range o.Tests {
		races = append(races, r.Races...)
	}
	assert.Contains(t, races, "stage.go:34 (close)")
	assert.Contains(t, races, "stage.go:54 (send)")
}

func TestSummarizeCrash(t *testing.T) {
	o := summarize(readTestdata(t, "crash.json"), "example.com/fake/01-a", "01-a")

	t.Run("names the panic, the test that was running, and where in the lesson's code, in which function", func(t *testing.T) {
		require.NotNil(t, o.Crash)
		assert.Equal(t, crash{Message: "close of closed channel", Test: "TestCloser/closes_once", At: "a.go:10", In: "Closer"}, *o.Crash)
	})

	t.Run("says where each access of a data race was", func(t *testing.T) {
		r, ok := o.test("TestRacy")
		require.True(t, ok)
		assert.False(t, r.Passed)
		assert.Equal(t, []string{"a.go:19 (read, write)"}, r.Races)
		require.Len(t, r.Failures, 1)
		assert.Equal(t, "-race found a data race during this test", r.Failures[0].Message)
	})

	t.Run("keeps the lines of a panic's message that spans several", func(t *testing.T) {
		events := readEvents(strings.NewReader(`{"Action":"run","Package":"p","Test":"TestA"}
{"Action":"run","Package":"p","Test":"TestA/waits"}
{"Action":"output","Package":"p","Test":"TestA/waits","Output":"panic: lessontest: TestA/waits is stuck.\n"}
{"Action":"output","Package":"p","Test":"TestA/waits","Output":"\tThe lesson's goroutines:\n"}
{"Action":"output","Package":"p","Test":"TestA/waits","Output":"\t    1 × sync.WaitGroup.Wait, at a.go:32\n"}
{"Action":"output","Package":"p","Test":"TestA/waits","Output":"\n"}
{"Action":"output","Package":"p","Test":"TestA/waits","Output":"goroutine 10 [running]:\n"}
{"Action":"output","Package":"p","Test":"TestA/waits","Output":"\t/w/01-p/a.go:40 +0x319\n"}
{"Action":"fail","Package":"p"}`))
		o := summarize(events, "p", "01-p")
		require.NotNil(t, o.Crash)
		assert.Equal(t, crash{
			Message: "lessontest: TestA/waits is stuck.",
			Detail:  []string{"The lesson's goroutines:", "    1 × sync.WaitGroup.Wait, at a.go:32"},
			Test:    "TestA/waits",
			At:      "a.go:40",
		}, *o.Crash)
	})

	t.Run("leaves out the test the crash kept from running", func(t *testing.T) {
		_, ran := o.test("TestOther")
		assert.False(t, ran)
	})
}

func TestSummarizeTimeout(t *testing.T) {
	o := summarize(readTestdata(t, "timeout.json"), "example.com/fake/01-a", "01-a")

	t.Run("takes a time-out for a crash in the test that never ended", func(t *testing.T) {
		require.NotNil(t, o.Crash)
		assert.Equal(t, "test timed out after 1s", o.Crash.Message)
		assert.Equal(t, "TestSleep/hangs", o.Crash.Test)
		r, ok := o.test("TestSleep")
		require.True(t, ok)
		assert.False(t, r.Passed)
		r, ok = o.test("TestRacy")
		require.True(t, ok)
		assert.True(t, r.Passed, "the test before the one that hung passed")
	})
}

func TestSummarizeBuild(t *testing.T) {
	t.Run("keeps the compiler's lines, not its headers, when the lesson does not build", func(t *testing.T) {
		o := summarize(readTestdata(t, "build.json"), "example.com/fake/02-b", "02-b")
		assert.Equal(t, []string{
			"02-b/b.go:5:16: declared and not used: x",
			"02-b/b.go:5:24: not enough return values",
			"\thave ()",
			"\twant (int)",
		}, o.Broken)
		assert.Empty(t, o.Tests)
		assert.False(t, o.passed())
	})
}

func TestSummarizeLeak(t *testing.T) {
	t.Run("fails a package whose tests pass but whose TestMain found a leak", func(t *testing.T) {
		events := readEvents(strings.NewReader(`{"Action":"run","Package":"p","Test":"TestA"}
{"Action":"output","Package":"p","Test":"TestA","Output":"--- PASS: TestA (0.00s)\n"}
{"Action":"pass","Package":"p","Test":"TestA"}
{"Action":"output","Package":"p","Output":"PASS\n"}
{"Action":"output","Package":"p","Output":"goleak: Errors on successful test run: found unexpected goroutines:\n"}
{"Action":"output","Package":"p","Output":"[Goroutine 7 in state chan receive, with p.A.func1 on top of the stack:\n"}
{"Action":"output","Package":"p","Output":"FAIL\tp\t0.01s\n"}
{"Action":"fail","Package":"p"}`))
		o := summarize(events, "p", "01-p")
		assert.Equal(t, "goleak: Errors on successful test run: found unexpected goroutines:", o.Leak)
		assert.False(t, o.passed())
	})

	t.Run("passes a package whose tests pass and say nothing more", func(t *testing.T) {
		events := readEvents(strings.NewReader(`{"Action":"run","Package":"p","Test":"TestA"}
{"Action":"pass","Package":"p","Test":"TestA"}
{"Action":"output","Package":"p","Output":"PASS\n"}
{"Action":"output","Package":"p","Output":"ok  \tp\t0.01s\n"}
{"Action":"pass","Package":"p"}`))
		o := summarize(events, "p", "01-p")
		assert.True(t, o.passed())
	})
}

func TestFirstMessage(t *testing.T) {
	t.Run("puts testify's expected and actual after Not equal when it has no message", func(t *testing.T) {
		text := "    x_test.go:12: \n" +
			"        \tError Trace:\t/w/x_test.go:12\n" +
			"        \tError:      \tNot equal: \n" +
			"        \t            \texpected: 1\n" +
			"        \t            \tactual  : 0 or so\n" +
			"        \tTest:       \tTestX\n" +
			"--- FAIL: TestX (0.00s)\n"
		assert.Equal(t, "Not equal: expected 1, got 0 or so", firstMessage(text))
	})

	t.Run("puts the error after testify's Received unexpected error, however deep the subtest", func(t *testing.T) {
		text := "            wiring_test.go:90: \n" +
			"                \tError Trace:\t/w/wiring_test.go:90\n" +
			"                \tError:      \tReceived unexpected error:\n" +
			"                \t            \t05-pipelines: Stage.Run returned no channel\n" +
			"                \tTest:       \tTestCrawl/a/b\n"
		assert.Equal(t, "Received unexpected error: 05-pipelines: Stage.Run returned no channel", firstMessage(text))
	})

	t.Run("takes a plain t.Error's text", func(t *testing.T) {
		assert.Equal(t, "want 2", firstMessage("=== RUN   TestX\n    x_test.go:7: want 2\n    x_test.go:8: and more\n"))
	})

	t.Run("says nothing for a test that said nothing", func(t *testing.T) {
		assert.Empty(t, firstMessage("=== RUN   TestX\n--- FAIL: TestX (0.00s)\n"))
	})
}

func TestReadVet(t *testing.T) {
	f, err := os.Open(filepath.Join("testdata", "vet.json"))
	require.NoError(t, err)
	defer f.Close()
	found := readVet(f)

	t.Run("finds each diagnostic under its package, at file and line", func(t *testing.T) {
		assert.Equal(t, map[string][]finding{"example.com/fake/01-a": {{
			At:      "a.go:13",
			Message: "Copy passes lock by value: sync.WaitGroup contains sync.noCopy",
		}}}, found)
	})

	t.Run("reads several packages and skips an analyzer's error", func(t *testing.T) {
		found := readVet(strings.NewReader(`{"a": {"printf": [{"posn": "/x/a/a.go:3:1", "message": "m"}]}}
{"b": {"broken": {"error": "could not run"}}}`))
		assert.Equal(t, map[string][]finding{"a": {{At: "a.go:3", Message: "m"}}}, found)
	})
}

func TestExplain(t *testing.T) {
	cases := []struct{ message, says string }{
		{"close of closed channel", "only the sender closes a channel"},
		{"send on closed channel", "only the sender closes a channel"},
		{"sync: negative WaitGroup counter", "wg.Done ran more times than wg.Add"},
		{"all goroutines are asleep - deadlock!", "every goroutine was waiting for another"},
		{"deadlock: main bubble goroutine has exited but blocked goroutines remain", "every goroutine was waiting for another"},
		{"test timed out after 1m0s", "a test never finished"},
	}
	for _, c := range cases {
		t.Run("explains "+c.message, func(t *testing.T) {
			assert.Contains(t, explain(crashRules, c.message), c.says)
		})
	}

	t.Run("puts a copied lock in plain words", func(t *testing.T) {
		assert.Equal(t, "a sync.Mutex or sync.WaitGroup is copied: pass a pointer to it, or share one variable",
			explain(vetRules, "Copy passes lock by value: sync.WaitGroup contains sync.noCopy"))
		assert.Contains(t, explain(vetRules, "call of f copies lock value: sync.Mutex"), "pass a pointer")
	})

	t.Run("has nothing to say about a message it does not know", func(t *testing.T) {
		assert.Empty(t, explain(crashRules, "something else entirely"))
	})
}

func TestSummarizeWholeMessages(t *testing.T) {
	o := summarize(readTestdata(t, "throttled.json"), "github.com/go-concurrency-workshop/workshop/04-backpressure", "04-backpressure")
	r, ok := o.test("TestThrottled")
	require.True(t, ok)
	require.Len(t, r.Failures, 1)
	f := r.Failures[0]

	t.Run("keeps the first line as the message, and every line after it, testify's fields and the next messages too", func(t *testing.T) {
		assert.True(t, strings.HasPrefix(f.Message, "Throttled returned, but goroutines it started were still running or blocked:"), f.Message)
		assert.Equal(t, []string{
			"    2 goroutine(s):",
			"    goroutine 1273, sync.WaitGroup.Wait (durable), at pace.go:103",
			"    goroutine 1272, sleep (durable), at pace.go:92",
		}, f.Detail[:3], "a goroutine list keeps its lines and their indentation")
		assert.Equal(t, []string{
			"Throttled returned while requests cut short by the cancellation were still in flight: it should wait for every worker",
			"Should be zero, but was 1",
		}, f.Detail[3:5], "testify's Messages, then its Error")
		require.Len(t, f.Detail, 7)
		assert.True(t, strings.HasPrefix(f.Detail[5], "Throttled: 2 attempted request(s) have no result (ids 21, 22)"), f.Detail[5])
		assert.Equal(t, "Should be zero, but was 2", f.Detail[6])
	})
}

func TestReportShowsWholeMessages(t *testing.T) {
	w, stdout, _ := testWorkshop(t, t.TempDir())
	long := failure{Name: "keeps order", Message: "the results came out of order:"}
	for i := range 30 {
		long.Detail = append(long.Detail, fmt.Sprintf("    want %d, got %d", i, i+1))
	}
	short := failure{Name: "a (b)", Message: "one line", Detail: []string{"and a second", ""}}
	w.reportTest(testResult{Name: "TestOrdered", Checks: 3, Failures: []failure{long, short}}, "go test -race -run %s ./05-pipelines")
	out := stdout.String()

	t.Run("shows every line, indented under the check's name", func(t *testing.T) {
		assert.Contains(t, out, "      a (b)\n        one line\n        and a second\n")
		assert.Contains(t, out, "      keeps order\n        the results came out of order:\n            want 0, got 1\n")
	})

	t.Run("cuts a message at 25 lines, and says where the rest is", func(t *testing.T) {
		assert.Contains(t, out, "            want 22, got 23\n        … 7 more lines: go test -race -run '^TestOrdered$/^keeps_order$' ./05-pipelines\n")
		assert.NotContains(t, out, "want 23")
	})

	t.Run("quotes what a -run pattern must", func(t *testing.T) {
		assert.Equal(t, `'^TestOrdered$/^a_\(b\)$/^c$'`, runPattern("TestOrdered", "a (b)/c"))
		assert.Equal(t, `'^TestOrdered$'`, runPattern("TestOrdered", ""))
	})
}

// lesson04 is lesson 04's exercises, as the attribution of a race or a crash needs them.
var lesson04 = lessons.Lesson{Dir: "04-backpressure", Exercises: []lessons.Exercise{
	{Func: "Monitor", File: "04-backpressure/pace.go", Test: "TestMonitor"},
	{Func: "Throttled", File: "04-backpressure/pace.go", Test: "TestThrottled"},
	{Func: "NewLimiter", File: "04-backpressure/pushback.go", Test: "TestNewLimiter"},
	{Func: "Limiter.Succeeded", File: "04-backpressure/pushback.go", Test: "TestLimiterSucceeded"},
	{Func: "Backpressure", File: "04-backpressure/pushback.go", Test: "TestBackpressure"},
}}

func TestARaceCountsForTheExerciseWhoseCodeRaced(t *testing.T) {
	const pkg = "github.com/go-concurrency-workshop/workshop/04-backpressure"

	t.Run("a race inside Throttled, whose file begins with Monitor, counts for Throttled", func(t *testing.T) {
		o := summarize(readTestdata(t, "racethrottled.json"), pkg, "04-backpressure")
		r, ok := o.test("TestThrottled")
		require.True(t, ok)
		assert.Equal(t, []string{"pace.go:65 (write)", "pace.go:74 (read)"}, r.Races)
		assert.Equal(t, []string{"Throttled", "Throttled"}, r.RaceIn)
		tests := testsByExercise(lesson04, o)
		assert.Empty(t, tests["Monitor"])
		require.Len(t, tests["Throttled"], 1)
		assert.Equal(t, r.Races, tests["Throttled"][0].Races)
	})

	t.Run("a race of workers that call the Limiter counts for Backpressure, which runs them", func(t *testing.T) {
		o := summarize(readTestdata(t, "racelimiter.json"), pkg, "04-backpressure")
		r, ok := o.test("TestBackpressure")
		require.True(t, ok)
		assert.Equal(t, []string{"pushback.go:46 (write)", "pushback.go:39 (read)"}, r.Races)
		assert.Equal(t, []string{"Backpressure", "Backpressure"}, r.RaceIn)
		tests := testsByExercise(lesson04, o)
		assert.Empty(t, tests["NewLimiter"])
		assert.Empty(t, tests["Limiter.Succeeded"])
		require.Len(t, tests["Backpressure"], 1)
		assert.Equal(t, r.Races, tests["Backpressure"][0].Races)
	})

	t.Run("a race in code of no exercise counts for the test that ran it", func(t *testing.T) {
		o := outcome{Tests: []testResult{{Name: "TestThrottled", Races: []string{"pace.go:9 (write)"}, RaceIn: []string{""}}}}
		tests := testsByExercise(lesson04, o)
		require.Len(t, tests["Throttled"], 1)
		assert.False(t, tests["Throttled"][0].Passed)
	})
}

func TestFuncName(t *testing.T) {
	cases := map[string]string{
		"  github.com/w/04-backpressure.Throttled.func1.2()":                          "Throttled",
		"github.com/w/04-backpressure.(*Limiter).Succeeded(0xc000010000, 0x1)":        "Limiter.Succeeded",
		"  github.com/w/05-pipelines.Stage[go.shape.int,go.shape.string].Run.func1()": "Stage.Run",
		"github.com/w/05-pipelines.Ordered[...].gowrap1()":                            "Ordered",
		"created by github.com/w/03-fanoutin.FanOutIn in goroutine 7":                 "FanOutIn",
		"  github.com/w/05-pipelines.Stage[...].work()":                               "",
		"  github.com/w/04-backpressure.sleep()":                                      "",
		"  github.com/w/04-backpressure.TestThrottled.func1.2.1()":                    "TestThrottled",
		"goroutine 10 [running]:":                                                     "",
	}
	for line, want := range cases {
		t.Run(line, func(t *testing.T) {
			assert.Equal(t, want, funcName(line))
		})
	}
}

func TestACrashCountsForTheExerciseWhoseCodeCrashed(t *testing.T) {
	events := readEvents(strings.NewReader(`{"Action":"run","Package":"p","Test":"TestBackpressure"}
{"Action":"run","Package":"p","Test":"TestBackpressure/keeps_the_limit"}
{"Action":"output","Package":"p","Test":"TestBackpressure/keeps_the_limit","Output":"panic: runtime error: invalid memory address or nil pointer dereference\n"}
{"Action":"output","Package":"p","Test":"TestBackpressure/keeps_the_limit","Output":"\n"}
{"Action":"output","Package":"p","Test":"TestBackpressure/keeps_the_limit","Output":"goroutine 10 [running]:\n"}
{"Action":"output","Package":"p","Test":"TestBackpressure/keeps_the_limit","Output":"github.com/w/04-backpressure.(*Limiter).Succeeded(...)\n"}
{"Action":"output","Package":"p","Test":"TestBackpressure/keeps_the_limit","Output":"\t/w/04-backpressure/pushback.go:46 +0x319\n"}
{"Action":"output","Package":"p","Test":"TestBackpressure/keeps_the_limit","Output":"github.com/w/04-backpressure.Backpressure.func1()\n"}
{"Action":"output","Package":"p","Test":"TestBackpressure/keeps_the_limit","Output":"\t/w/04-backpressure/pushback.go:111 +0x1e9\n"}
{"Action":"fail","Package":"p"}`))
	o := summarize(events, "p", "04-backpressure")
	require.NotNil(t, o.Crash)
	assert.Equal(t, "Limiter.Succeeded", o.Crash.In, "the first exercise on the stack: where it crashed")
	assert.Equal(t, "pushback.go:46", o.Crash.At)
	assert.Equal(t, "Limiter.Succeeded", crashedIn(lesson04, o.Crash))
	assert.Equal(t, []state{failing, failing}, statesOf(lesson04, o, nil)[3:],
		"both the exercise that crashed and the one whose test it was fail")

	w, stdout, _ := testWorkshop(t, t.TempDir())
	w.reportExercises(lesson04, o, statesOf(lesson04, o, nil))
	assert.Contains(t, stdout.String(), "Limiter.Succeeded  pushback.go\n      ✗ the tests crashed in TestBackpressure/keeps the limit: "+
		"runtime error: invalid memory address or nil pointer dereference, at pushback.go:46\n")

	o.Crash.In = ""
	assert.Equal(t, "Backpressure", crashedIn(lesson04, o.Crash), "without an exercise on the stack: the test's")
}
