package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"time"
)

// buildServer compiles teilhabe's command into dir and returns the binary.
func buildServer(ctx context.Context, dir string) (string, error) {
	out, err := exec.CommandContext(ctx, "go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	gomod := strings.TrimSpace(string(out))
	if gomod == "" || gomod == os.DevNull {
		return "", errors.New("not inside the teilhabe module: run from its directory, or give --bin")
	}
	bin := filepath.Join(dir, "teilhabe")
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, "./cmd/teilhabe")
	cmd.Dir = filepath.Dir(gomod)
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build ./cmd/teilhabe: %w\n%s", err, out)
	}
	return bin, nil
}

// server is a teilhabe child process.
type server struct {
	cmd  *exec.Cmd
	URL  string // http://host:port
	Pid  int
	done chan struct{} // closed when the process has ended
	err  error         // how it ended, once done is closed
}

// listening is the line teilhabe prints when it serves.
var listening = regexp.MustCompile(`läuft auf (http://\S+)`)

// startServer starts bin serve on a free loopback port with the given
// arguments and extra environment, its output going to log, and returns once
// the server answers /healthz.
func startServer(ctx context.Context, bin string, args, env []string, log io.Writer, timeout time.Duration) (*server, error) {
	args = append([]string{"--addr", "127.0.0.1:0"}, args...)
	cmd := exec.Command(bin, args...)
	// The server reports each request's database work in a Server-Timing
	// header, which the report shows per page.
	cmd.Env = append(append(os.Environ(), "TEILHABE_SERVER_TIMING=1"), env...)
	cmd.Stderr = log
	cmd.SysProcAttr = childAttrs()
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", bin, err)
	}
	s := &server{cmd: cmd, Pid: cmd.Process.Pid, done: make(chan struct{})}
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			fmt.Fprintln(log, sc.Text())
			if m := listening.FindStringSubmatch(sc.Text()); m != nil {
				select {
				case addr <- m[1]:
				default:
				}
			}
		}
		io.Copy(io.Discard, stdout)
		s.err = cmd.Wait()
		close(s.done)
	}()

	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	select {
	case s.URL = <-addr:
	case <-s.done:
		return nil, fmt.Errorf("teilhabe ended before serving: %v (see its log)", s.err)
	case <-deadline.C:
		s.kill()
		return nil, fmt.Errorf("teilhabe did not serve within %s (see its log)", timeout)
	case <-ctx.Done():
		s.kill()
		return nil, ctx.Err()
	}
	probe := &http.Client{Timeout: 2 * time.Second}
	for {
		resp, err := probe.Get(s.URL + "/healthz")
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return s, nil
			}
		}
		select {
		case <-s.done:
			return nil, fmt.Errorf("teilhabe ended before /healthz answered: %v", s.err)
		case <-deadline.C:
			s.kill()
			return nil, fmt.Errorf("GET /healthz did not answer 200 within %s", timeout)
		case <-ctx.Done():
			s.kill()
			return nil, ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// stop ends the server as an operator would, with SIGTERM, and kills it
// if it has not ended after 15 seconds.
func (s *server) stop() {
	s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.done:
	case <-time.After(15 * time.Second):
		s.kill()
	}
}

// kill ends the server with SIGKILL and waits for it.
func (s *server) kill() {
	s.cmd.Process.Kill()
	<-s.done
}
