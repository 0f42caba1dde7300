//go:build !unix

package httpclient

// openFileLimit is unknown here: only MaxConns bounds the connections.
func openFileLimit() int { return 0 }
