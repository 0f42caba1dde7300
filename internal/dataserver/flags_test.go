package dataserver

import (
	"bytes"
	"flag"
	"io"
	"testing"

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
