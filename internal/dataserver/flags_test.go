package dataserver

import (
	"bytes"
	"flag"
	"io"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseFlags(t *testing.T) {
	t.Run("starts from the workshop profile on loopback", func(t *testing.T) {
		opts, err := ParseFlags(nil, io.Discard)
		require.NoError(t, err)
		assert.Equal(t, DefaultAddr, opts.Addr)
		assert.Equal(t, Profiles["workshop"], opts.Config)
	})

	t.Run("lets any flag override the profile, before or after it", func(t *testing.T) {
		for _, args := range [][]string{
			{"-profile", "overloaded", "-capacity", "3", "-errors", "0.5%"},
			{"-capacity", "3", "-errors", "0.5", "-profile", "overloaded"},
		} {
			opts, err := ParseFlags(args, io.Discard)
			require.NoError(t, err, "%q", args)
			want := Profiles["overloaded"]
			want.Capacity, want.ErrorRate = 3, 0.005
			assert.Equal(t, want, opts.Config, "%q", args)
		}
	})

	t.Run("the original profile has no capacity limit", func(t *testing.T) {
		opts, err := ParseFlags([]string{"-profile", "original"}, io.Discard)
		require.NoError(t, err)
		assert.Equal(t, Unlimited, opts.Config.Capacity)
		assert.Equal(t, 0.02, opts.Config.ErrorRate)
	})

	t.Run("rejects bad values with one line naming the flag", func(t *testing.T) {
		for _, tc := range []struct {
			args []string
			want string
		}{
			{[]string{"-latency", "-5ms"}, "-latency"},
			{[]string{"-jitter", "-1ms"}, "-jitter"},
			{[]string{"-capacity", "0"}, "-capacity"},
			{[]string{"-capacity", "many"}, "-capacity"},
			{[]string{"-queue", "-1"}, "-queue"},
			{[]string{"-errors", "100"}, "-errors"},
			{[]string{"-errors", "lots"}, "-errors"},
			{[]string{"-burst", "0.5"}, "-burst"},
			{[]string{"-burst", "NaN"}, "-burst"},
			{[]string{"-burst", "+Inf"}, "-burst"},
			{[]string{"-errors", "NaN"}, "-errors"},
			{[]string{"-errors", "90", "-burst", "5"}, "at most 83.33%"},
			{[]string{"-errors", "60", "-burst", "1"}, "-burst"},
			{[]string{"-step", "2562047h"}, "-step"},
			{[]string{"-latency", "2h"}, "-latency"},
			{[]string{"-retry-after", "1500ms"}, "-retry-after"},
			{[]string{"-profile", "stormy"}, "stormy"},
			{[]string{"-addr", "8080"}, "-addr"},
			{[]string{"-addr", "localhost:http-alt"}, "-addr"},
			{[]string{"-nope"}, "-nope"},
			{[]string{"extra"}, "extra"},
		} {
			_, err := ParseFlags(tc.args, io.Discard)
			if assert.Error(t, err, "%q", tc.args) {
				assert.Contains(t, err.Error(), tc.want, "%q", tc.args)
				assert.NotContains(t, err.Error(), "\n", "%q", tc.args)
			}
		}
	})

	t.Run("-h writes the usage and asks for no error status", func(t *testing.T) {
		var out bytes.Buffer
		_, err := ParseFlags([]string{"-h"}, &out)
		assert.ErrorIs(t, err, flag.ErrHelp)
		assert.Contains(t, out.String(), "-profile")
	})
}

func TestParseShapeFlags(t *testing.T) {
	t.Run("the tail and outage profiles: their shape, no random 500s, room for a pool of 15", func(t *testing.T) {
		for name, want := range map[string]Config{
			"tail":   {Tail: Tail{Share: 0.02, Factor: 20}},
			"outage": {Outage: Outage{Start: 4 * time.Second, Length: 3 * time.Second}},
		} {
			opts, err := ParseFlags([]string{"-profile", name}, io.Discard)
			require.NoError(t, err, name)
			c := opts.Config
			assert.Equal(t, want.Tail, c.Tail, name)
			assert.Equal(t, want.Outage, c.Outage, name)
			assert.Zero(t, c.ErrorRate, "%s: no random 500s", name)
			assert.GreaterOrEqual(t, c.Capacity, 30, "%s: 15 workers and a hedge each fit", name)
		}
		for _, name := range []string{"workshop", "original", "calm", "overloaded"} {
			assert.Equal(t, Tail{}, Profiles[name].Tail, name)
			assert.Equal(t, Outage{}, Profiles[name].Outage, name)
			assert.Equal(t, DefaultPages, Profiles[name].Pages, name)
		}
	})

	t.Run("sets the tail, the outage and the pages on any profile", func(t *testing.T) {
		for _, tc := range []struct {
			args []string
			want func(*Config)
		}{
			{[]string{"-tail", "0.02:20"}, func(c *Config) { c.Tail = Tail{0.02, 20} }},
			{[]string{"-tail", "5%:10"}, func(c *Config) { c.Tail = Tail{0.05, 10} }},
			{[]string{"-tail", "1:1.5"}, func(c *Config) { c.Tail = Tail{1, 1.5} }},
			{[]string{"-tail", "0:20"}, func(c *Config) { c.Tail = Tail{0, 20} }},
			{[]string{"-profile", "tail", "-tail", "none"}, func(c *Config) { *c = Profiles["tail"]; c.Tail = Tail{} }},
			{[]string{"-outage", "2s+3s"}, func(c *Config) { c.Outage = Outage{2 * time.Second, 3 * time.Second} }},
			{[]string{"-outage", "0s+500ms"}, func(c *Config) { c.Outage = Outage{0, 500 * time.Millisecond} }},
			{[]string{"-outage", "none", "-profile", "outage"}, func(c *Config) { *c = Profiles["outage"]; c.Outage = Outage{} }},
			{[]string{"-pages", "50"}, func(c *Config) { c.Pages = 50 }},
			{[]string{"-profile", "overloaded", "-tail", "0.1:5", "-outage", "1s+1s"}, func(c *Config) {
				*c = Profiles["overloaded"]
				c.Tail, c.Outage = Tail{0.1, 5}, Outage{time.Second, time.Second}
			}},
		} {
			opts, err := ParseFlags(tc.args, io.Discard)
			require.NoError(t, err, "%q", tc.args)
			want := Profiles["workshop"]
			tc.want(&want)
			assert.Equal(t, want, opts.Config, "%q", tc.args)
		}
	})

	t.Run("rejects bad shapes with one line naming the flag", func(t *testing.T) {
		for _, tc := range []struct {
			args []string
			want string
		}{
			{[]string{"-tail", "2:20"}, "over 1"},
			{[]string{"-tail", "150:20"}, "-tail"},
			{[]string{"-tail", "200%:20"}, "-tail's SHARE must be in [0, 1]"},
			{[]string{"-tail", "-0.1:20"}, "-tail's SHARE"},
			{[]string{"-tail", "0.02"}, "SHARE:FACTOR"},
			{[]string{"-tail", "lots:20"}, "SHARE"},
			{[]string{"-tail", "0.02:x"}, "FACTOR"},
			{[]string{"-tail", "0.02:0.5"}, "-tail's FACTOR"},
			{[]string{"-tail", "0.02:-20"}, "-tail's FACTOR"},
			{[]string{"-tail", "0.02:5000"}, "-tail's FACTOR"},
			{[]string{"-tail", "NaN:20"}, "-tail"},
			{[]string{"-outage", "5s"}, "START+LENGTH"},
			{[]string{"-outage", "5s+"}, "LENGTH"},
			{[]string{"-outage", "soon+3s"}, "START"},
			{[]string{"-outage", "-1s+3s"}, "-outage"},
			{[]string{"-outage", "1s+-3s"}, "-outage"},
			{[]string{"-outage", "5s+0s"}, "LENGTH above 0"},
			{[]string{"-outage", "2h+1s"}, "-outage"},
			{[]string{"-pages", "0"}, "-pages"},
			{[]string{"-pages", "-5"}, "-pages"},
			{[]string{"-pages", "many"}, "-pages"},
			{[]string{"-pages", "100001"}, "-pages"},
		} {
			_, err := ParseFlags(tc.args, io.Discard)
			if assert.Error(t, err, "%q", tc.args) {
				assert.Contains(t, err.Error(), tc.want, "%q", tc.args)
				assert.NotContains(t, err.Error(), "\n", "%q", tc.args)
			}
		}
	})

	t.Run("-h lists them", func(t *testing.T) {
		var out bytes.Buffer
		_, err := ParseFlags([]string{"-h"}, &out)
		require.ErrorIs(t, err, flag.ErrHelp)
		for _, f := range []string{"-tail SHARE:FACTOR", "-outage START+LENGTH", "-pages", "/page/{id}", "/graph?root=N"} {
			assert.Contains(t, out.String(), f)
		}
	})

	t.Run("the flags' defaults read back as the flags take them", func(t *testing.T) {
		assert.Equal(t, "0.02:20", Tail{0.02, 20}.String())
		assert.Equal(t, "none", Tail{}.String())
		assert.Equal(t, "4s+3s", Outage{4 * time.Second, 3 * time.Second}.String())
		assert.Equal(t, "none", Outage{}.String())
	})
}
