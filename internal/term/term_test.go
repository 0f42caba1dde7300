package term

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/fatih/color"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestIsTerminal(t *testing.T) {
	t.Run("a buffer is not a terminal", func(t *testing.T) {
		assert.False(t, IsTerminal(&bytes.Buffer{}))
	})

	t.Run("nothing at all is not a terminal", func(t *testing.T) {
		assert.False(t, IsTerminal(nil))
		assert.False(t, IsTerminal((*os.File)(nil)))
	})

	t.Run("a regular file is not a terminal", func(t *testing.T) {
		f, err := os.Create(filepath.Join(t.TempDir(), "out"))
		require.NoError(t, err)
		defer f.Close()
		assert.False(t, IsTerminal(f))
	})

	t.Run("a pipe is not a terminal", func(t *testing.T) {
		r, w, err := os.Pipe()
		require.NoError(t, err)
		defer r.Close()
		defer w.Close()
		assert.False(t, IsTerminal(w))
	})
}

func TestCount(t *testing.T) {
	red := color.New(color.FgRed)
	red.EnableColor() // this color only, whatever the test's stdout is

	t.Run("colors a count that is not zero, with thousands separators", func(t *testing.T) {
		assert.Equal(t, "\x1b[31m1,500\x1b[0m", Count(red, 1500))
		assert.Equal(t, "\x1b[31m7\x1b[0m", Count(red, uint64(7)))
		assert.Equal(t, "\x1b[31m-2\x1b[0m", Count(red, int64(-2)))
	})

	t.Run("leaves zero plain", func(t *testing.T) {
		assert.Equal(t, "0", Count(red, 0))
		assert.Equal(t, "0", Count(red, int64(0)))
	})

	t.Run("writes plain figures when the color is off", func(t *testing.T) {
		plain := color.New(color.FgRed)
		plain.DisableColor()
		assert.Equal(t, "1,500", Count(plain, 1500))
	})
}

func TestPalette(t *testing.T) {
	t.Run("names the workshop's colors", func(t *testing.T) {
		for name, tc := range map[string]struct{ got, want *color.Color }{
			"Title": {Title, color.New(color.Bold)},
			"Label": {Label, color.New(color.FgCyan)},
			"Good":  {Good, color.New(color.FgGreen)},
			"Warn":  {Warn, color.New(color.FgYellow)},
			"Bad":   {Bad, color.New(color.FgRed)},
			"Faint": {Faint, color.New(color.Faint)},
		} {
			assert.True(t, tc.got.Equals(tc.want), "%s has other attributes than expected", name)
		}
	})
}
