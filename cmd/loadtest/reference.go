package main

import (
	"context"
	"net"
	"net/http"
	"time"
)

// referencePage is what the trivial server answers: a small fixed page.
const referencePage = `<!doctype html>
<html lang="de">
<head><meta charset="utf-8"><title>Referenz</title></head>
<body>
<main><h1>Referenz</h1><p>Eine kleine, feste Seite: so schnell antwortet ein
net/http-Server auf dieser Maschine, ohne Datenbank und Vorlagen.</p></main>
</body>
</html>
`

// startReference starts the trivial net/http server in this process on a
// free loopback port. It returns the server's URL and a function that
// stops it.
func startReference() (string, func(), error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	srv := &http.Server{ReadHeaderTimeout: 10 * time.Second, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(referencePage))
	})}
	go srv.Serve(ln)
	return "http://" + ln.Addr().String(), func() { srv.Close() }, nil
}

// referenceClient loads the trivial server.
type referenceClient struct{ u *user }

func (c referenceClient) step(ctx context.Context) sample {
	return newSample("reference: GET /", http.StatusOK, c.u.do(ctx, http.MethodGet, "/", nil, false))
}
