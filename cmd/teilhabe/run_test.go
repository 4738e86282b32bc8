package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestConfigNamesTheBadSetting(t *testing.T) {
	tests := []struct {
		name string
		args []string
		env  map[string]string
		want string // part of the error; "" for no error
	}{
		{"defaults", nil, nil, ""},
		{"env addr", nil, map[string]string{"TEILHABE_ADDR": "127.0.0.1:9999"}, ""},
		{"bad addr", nil, map[string]string{"TEILHABE_ADDR": "nonsense"}, "TEILHABE_ADDR"},
		{"bad port", []string{"--addr", "127.0.0.1:99999"}, nil, "TEILHABE_ADDR"},
		{"bad host", nil, map[string]string{"TEILHABE_ADDR": "example:80"}, "TEILHABE_ADDR"},
		{"mysql url", nil, map[string]string{"TEILHABE_DATABASE_URL": "mysql://x"}, "TEILHABE_DATABASE_URL"},
		{"postgres url", nil, map[string]string{"TEILHABE_DATABASE_URL": "postgres://u@h/db"}, ""},
		{"bad demo flag", nil, map[string]string{"TEILHABE_DEMO": "ja"}, "TEILHABE_DEMO"},
		{"short demo password", nil, map[string]string{"TEILHABE_DEMO_PASSWORD": "kurz"}, "TEILHABE_DEMO_PASSWORD"},
		{"empty data dir", []string{"--data-dir", " "}, nil, "TEILHABE_DATA_DIR"},
		{"pprof on loopback", nil, map[string]string{"TEILHABE_PPROF_ADDR": "127.0.0.1:6060"}, ""},
		{"pprof on all addresses", nil, map[string]string{"TEILHABE_PPROF_ADDR": ":6060"}, "TEILHABE_PPROF_ADDR"},
		{"pprof on a public address", []string{"--pprof-addr", "192.0.2.1:6060"}, nil, "TEILHABE_PPROF_ADDR"},
		{"stray argument", []string{"extra"}, nil, "unexpected argument"},
		{"proxies", nil, map[string]string{"TEILHABE_TRUSTED_PROXIES": "10.0.0.0/8, 192.0.2.1"}, ""},
		{"bad proxy", nil, map[string]string{"TEILHABE_TRUSTED_PROXIES": "loadbalancer"}, "TEILHABE_TRUSTED_PROXIES"},
		{"base url", []string{"--base-url", "https://teilhabe.example.de/"}, nil, ""},
		{"base url with port", nil, map[string]string{"TEILHABE_BASE_URL": "http://127.0.0.1:8080"}, ""},
		{"base url without scheme", nil, map[string]string{"TEILHABE_BASE_URL": "teilhabe.example.de"}, "TEILHABE_BASE_URL"},
		{"base url with path", []string{"--base-url", "https://example.de/teilhabe?x=1"}, nil, "TEILHABE_BASE_URL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseConfig(tt.args, env(tt.env), io.Discard)
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("parseConfig: %v, want no error", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("parseConfig: %v, want an error naming %s", err, tt.want)
			}
		})
	}
}

// syncBuffer is a bytes.Buffer safe for the server goroutine and the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestRunServesDemo starts the whole program as main does, with demo data
// on a free port, and stops it through the context.
func TestRunServesDemo(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"--demo"}, env(map[string]string{"TEILHABE_ADDR": "127.0.0.1:0",
			"TEILHABE_DATA_DIR": t.TempDir(), "TEILHABE_DEMO_PASSWORD": "Test-Passwort-2026"}), nil, &stdout, &stderr)
	}()
	addr := regexp.MustCompile(`http://127\.0\.0\.1:\d+`)
	deadline := time.Now().Add(60 * time.Second)
	for addr.FindString(stdout.String()) == "" {
		if time.Now().After(deadline) {
			t.Fatalf("no address printed; stdout %q, stderr %q", stdout.String(), stderr.String())
		}
		select {
		case err := <-done:
			t.Fatalf("run ended early: %v; stderr %q", err, stderr.String())
		case <-time.After(50 * time.Millisecond):
		}
	}
	out := stdout.String()
	for _, user := range []string{"admin", "koordination", "agentur", "jobcenter", "traegerleitung", "coach", "datenschutz"} {
		if !strings.Contains(out, user) {
			t.Errorf("login hints lack %s:\n%s", user, out)
		}
	}
	resp, err := http.Get(addr.FindString(out) + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("GET /healthz = %d, want 200", resp.StatusCode)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("run after cancel: %v", err)
	}
}

func TestCreateAdmin(t *testing.T) {
	dir := t.TempDir()
	e := env(map[string]string{"TEILHABE_DATA_DIR": dir})
	var out bytes.Buffer
	err := run(context.Background(), []string{"create-admin", "--username", "alice"}, e,
		strings.NewReader("ein langes Passwort 2026\n"), &out, io.Discard)
	if err != nil {
		t.Fatalf("create-admin: %v", err)
	}
	err = run(context.Background(), []string{"create-admin", "--username", "bob"}, e,
		strings.NewReader("noch ein langes Passwort\n"), io.Discard, io.Discard)
	if err == nil {
		t.Error("a second create-admin succeeded, want refusal")
	}
	err = run(context.Background(), []string{"create-admin", "--username", "carol", "--data-dir", t.TempDir()}, e,
		strings.NewReader("kurz\n"), io.Discard, io.Discard)
	if err == nil {
		t.Error("create-admin with a short password succeeded")
	}
}

// TestDemoLeavesARealInstallationAlone: --demo on a database with accounts
// but no demo programme refuses instead of resetting passwords.
func TestDemoLeavesARealInstallationAlone(t *testing.T) {
	dir := t.TempDir()
	e := env(map[string]string{"TEILHABE_DATA_DIR": dir, "TEILHABE_ADDR": "127.0.0.1:0", "TEILHABE_DEMO_PASSWORD": "Test-Passwort-2026"})
	if err := run(context.Background(), []string{"create-admin", "--username", "admin"}, e,
		strings.NewReader("ein langes Passwort 2026\n"), io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	err := run(context.Background(), []string{"--demo"}, e, nil, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "without the demo programme") {
		t.Errorf("--demo on a real installation: %v, want a refusal", err)
	}
}

// TestDemoGenerate fills an empty database with a small national data set,
// then refuses to fill it again.
func TestDemoGenerate(t *testing.T) {
	dir := t.TempDir()
	e := env(map[string]string{"TEILHABE_DATA_DIR": dir, "TEILHABE_DEMO_PASSWORD": "Test-Passwort-2026"})
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), []string{"demo", "generate", "--cases", "200", "--seed", "7"}, e, nil, &stdout, &stderr)
	if err != nil {
		t.Fatalf("demo generate: %v; stderr %q", err, stderr.String())
	}
	if out := stdout.String(); !strings.HasPrefix(out, "Generated 200 cases") || strings.Count(out, "\n") != 1 {
		t.Errorf("stdout = %q, want one summary line", out)
	}
	if !strings.Contains(stderr.String(), "200 of 200 cases (100 %)") {
		t.Errorf("stderr = %q, want progress up to 100 %%", stderr.String())
	}
	err = run(context.Background(), []string{"demo", "generate", "--cases", "10", "--password", "noch ein langes Passwort"}, e, nil,
		io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "not empty") || !strings.Contains(err.Error(), "--data-dir") {
		t.Errorf("demo generate on a filled database: %v, want a refusal naming --data-dir", err)
	}
}

func TestDemoGenerateNamesTheBadSetting(t *testing.T) {
	generate := func(args ...string) []string { return append([]string{"demo", "generate"}, args...) }
	tests := []struct {
		name string
		args []string
		env  map[string]string
		want string
	}{
		{"no subcommand", []string{"demo"}, nil, `"generate"`},
		{"other subcommand", []string{"demo", "load"}, nil, `"generate"`},
		{"no cases", generate("--password", "ein langes Passwort"), nil, "--cases"},
		{"too many cases", generate("--cases", "30000000", "--password", "ein langes Passwort"), nil, "--cases"},
		{"cases not a number", generate("--cases", "viele"), nil, "-cases"},
		{"seed not a number", generate("--cases", "10", "--seed", "-1"), nil, "-seed"},
		{"no password", generate("--cases", "10"), nil, "--password"},
		{"short password", generate("--cases", "10", "--password", "kurz"), nil, "--password"},
		{"short password in the environment", generate("--cases", "10"), map[string]string{"TEILHABE_DEMO_PASSWORD": "kurz"},
			"TEILHABE_DEMO_PASSWORD"},
		{"bad database url", generate("--cases", "10", "--password", "ein langes Passwort", "--database-url", "mysql://x"), nil,
			"TEILHABE_DATABASE_URL"},
		{"stray argument", generate("--cases", "10", "--password", "ein langes Passwort", "extra"), nil, "unexpected argument"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			vars := map[string]string{"TEILHABE_DATA_DIR": t.TempDir()}
			for k, v := range tt.env {
				vars[k] = v
			}
			err := run(context.Background(), tt.args, env(vars), nil, io.Discard, io.Discard)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("run(%q) = %v, want an error naming %s", tt.args, err, tt.want)
			}
		})
	}
}
