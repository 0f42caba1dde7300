package harness

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/go-concurrency-workshop/workshop/internal/serverproc"
)

func TestMain(m *testing.M) {
	serverproc.RunIfChild() // the servers a run starts for itself are this test binary
	goleak.VerifyTestMain(m)
}

func TestParseFlags(t *testing.T) {
	t.Run("has the workshop's defaults", func(t *testing.T) {
		f, err := ParseFlags(Lesson{Name: "01-sequential"}, nil, io.Discard)
		require.NoError(t, err)
		assert.Equal(t, DefaultURL, f.URL)
		assert.False(t, f.URLSet, "without -url a lesson may start its own server")
		assert.Equal(t, 7500, f.Requests)
		assert.Equal(t, 15, f.Workers)
		assert.Equal(t, 10*time.Second, f.Timeout)
	})

	t.Run("remembers that -url was given", func(t *testing.T) {
		f, err := ParseFlags(Lesson{Name: "01-sequential"}, []string{"-url", "http://localhost:5000/data", "-json", "-no-color"}, io.Discard)
		require.NoError(t, err)
		assert.True(t, f.URLSet)
		assert.Equal(t, "http://localhost:5000/data", f.URL)
		assert.True(t, f.JSON)
		assert.True(t, f.NoColor)
	})

	t.Run("rejects bad values with one line naming the flag", func(t *testing.T) {
		for _, tc := range []struct {
			args []string
			want string
		}{
			{[]string{"-requests", "-1"}, "-requests"},
			{[]string{"-requests", "0"}, "-requests"},
			{[]string{"-requests", "2000000"}, "-requests"},
			{[]string{"-workers", "0"}, "-workers"},
			{[]string{"-url", "::nope"}, "-url"},
			{[]string{"-url", "ftp://example.com/data"}, "-url"},
			{[]string{"-url", "http:///data"}, "-url"},
			{[]string{"-timeout", "0s"}, "-timeout"},
			{[]string{"-timeout", "soon"}, "-timeout"},
			{[]string{"-bogus"}, "-bogus"},
			{[]string{"stray"}, "stray"},
		} {
			_, err := ParseFlags(Lesson{Name: "01-sequential"}, tc.args, io.Discard)
			if assert.Error(t, err, "%q", tc.args) {
				assert.Contains(t, err.Error(), tc.want, "%q", tc.args)
				assert.Contains(t, err.Error(), "01-sequential: ", "%q: errors start with the lesson's name", tc.args)
				assert.NotContains(t, err.Error(), "\n", "%q", tc.args)
			}
		}
	})

	t.Run("-h prints the usage", func(t *testing.T) {
		var out bytes.Buffer
		_, err := ParseFlags(Lesson{Name: "03-fanoutin"}, []string{"-h"}, &out)
		assert.ErrorIs(t, err, flag.ErrHelp)
		assert.Contains(t, out.String(), "go run ./03-fanoutin")
		assert.Contains(t, out.String(), "-workers")
	})
}

func TestConcurrency(t *testing.T) {
	f := Flags{Requests: 7500, Workers: 15}
	assert.Equal(t, 1, OneAtATime.inFlight(f))
	assert.Equal(t, 7500, PerRequest.inFlight(f))
	assert.Equal(t, 15, PerWorker.inFlight(f))
	assert.Equal(t, "1 at a time", OneAtATime.describe(f))
	assert.Equal(t, "one goroutine per request", PerRequest.describe(f))
	assert.Equal(t, "15 workers", PerWorker.describe(f))
}

func TestReachWithURLGivenAndNothingThere(t *testing.T) {
	f, err := ParseFlags(Lesson{Name: "01-sequential"}, []string{"-url", "http://127.0.0.1:1/data"}, io.Discard)
	require.NoError(t, err)
	var log bytes.Buffer
	r := &Run{lesson: Lesson{Name: "01-sequential"}, flags: f}
	err = r.reach(&log)
	assert.Nil(t, r.child, "with -url given, no server is started")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "nothing answers at http://127.0.0.1:1/data")
	assert.Contains(t, err.Error(), "go run ./server")
}

func TestVariantAndTraceFlags(t *testing.T) {
	l := Lesson{Name: "02-waitgroups", Variants: []string{"index", "mutex"}}
	f, err := ParseFlags(l, nil, io.Discard)
	require.NoError(t, err)
	assert.Equal(t, "index", f.Variant, "the first variant is the default")
	assert.Empty(t, f.Trace)

	f, err = ParseFlags(l, []string{"-variant", "mutex", "-trace", "run.out"}, io.Discard)
	require.NoError(t, err)
	assert.Equal(t, "mutex", f.Variant)
	assert.Equal(t, "run.out", f.Trace)

	_, err = ParseFlags(l, []string{"-variant", "channel"}, io.Discard)
	assert.EqualError(t, err, `02-waitgroups: -variant "channel" is not one of this lesson's: index, mutex`)

	_, err = ParseFlags(l, []string{"-max-retry-after", "0s"}, io.Discard)
	assert.EqualError(t, err, "02-waitgroups: -max-retry-after must be more than 0s, got 0s")
	_, err = ParseFlags(Lesson{Name: "01-sequential"}, []string{"-variant", "mutex"}, io.Discard)
	assert.ErrorContains(t, err, "flag provided but not defined: -variant", "a lesson with one exercise has no -variant")
}

func TestALessonsOwnFlags(t *testing.T) {
	var cost int
	l := Lesson{Name: "05-pipelines", Flags: func(fs *flag.FlagSet) func() error {
		fs.IntVar(&cost, "cost", 3, "a lesson's own knob")
		return func() error {
			if cost < 0 {
				return fmt.Errorf("-cost must not be negative, got %d", cost)
			}
			return nil
		}
	}}
	_, err := ParseFlags(l, []string{"-cost", "7", "-requests", "10"}, io.Discard)
	require.NoError(t, err)
	assert.Equal(t, 7, cost)

	_, err = ParseFlags(l, []string{"-cost", "-1"}, io.Discard)
	assert.EqualError(t, err, "05-pipelines: -cost must not be negative, got -1")

	var usage bytes.Buffer
	_, err = ParseFlags(l, []string{"-h"}, &usage)
	assert.ErrorIs(t, err, flag.ErrHelp)
	assert.Contains(t, usage.String(), "a lesson's own knob", "-h lists the lesson's own flags with the others")
}

func TestVariants(t *testing.T) {
	withSetups := Lesson{Name: "03-fanoutin", Variants: []string{"fanoutin", "merge"},
		Setups: map[string]VariantSetup{"hedged": {Server: []string{"-profile", "tail"}, LatencyPerRequest: true}}}
	for _, tc := range []struct {
		l    Lesson
		want []string
	}{
		{Lesson{Name: "05-pipelines"}, nil},
		{Lesson{Variants: []string{"index", "mutex"}}, []string{"index", "mutex"}},
		{withSetups, []string{"fanoutin", "merge", "hedged"}},
		{Lesson{Variants: []string{"limiter", "breaker"}, Setups: map[string]VariantSetup{"breaker": {}}}, []string{"limiter", "breaker"}},
		{Lesson{Setups: map[string]VariantSetup{"budget": {MayStopEarly: true}}}, []string{"default", "budget"}},
	} {
		assert.Equal(t, tc.want, tc.l.variants(), "%+v", tc.l)
	}

	f, err := ParseFlags(withSetups, []string{"-variant", "hedged"}, io.Discard)
	require.NoError(t, err, "a variant named only in Setups is a variant")
	assert.Equal(t, "hedged", f.Variant)
	assert.Equal(t, VariantSetup{Server: []string{"-profile", "tail"}, LatencyPerRequest: true}, withSetups.setup("hedged"))
	withSetups.Server = []string{"-profile", "calm"}
	assert.Equal(t, VariantSetup{Server: []string{"-profile", "calm"}}, withSetups.setup("merge"), "the lesson's server, by default")

	_, err = start(t.Context(), withSetups, []string{"-list-variants"}, io.Discard)
	assert.ErrorIs(t, err, errListed, "Start prints the variants")

	var out bytes.Buffer
	_, err = ParseFlags(withSetups, []string{"-h"}, &out)
	assert.ErrorIs(t, err, flag.ErrHelp)
	assert.Contains(t, out.String(), "which variant to run: fanoutin, merge, hedged")
}
