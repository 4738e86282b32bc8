// Package serverproc builds teilhabe's command and runs it as a child
// process on a free loopback port, for the programs that measure and test
// a running server from outside (cmd/loadtest, cmd/crashtest).
package serverproc

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

// Build compiles teilhabe's command into dir and returns the binary. It
// must run inside the teilhabe module.
func Build(ctx context.Context, dir string) (string, error) {
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

// Server is a teilhabe child process.
type Server struct {
	URL  string // http://host:port
	Pid  int
	cmd  *exec.Cmd
	done chan struct{} // closed when the process has ended
	err  error         // how it ended, once done is closed
}

// listening is the line teilhabe prints when it serves.
var listening = regexp.MustCompile(`läuft auf (http://\S+)`)

// Start starts bin on a free loopback port with the given arguments and
// extra environment, its output going to log, and returns once the server
// answers /healthz, or an error after timeout. On Linux the server dies
// with the program that started it.
func Start(ctx context.Context, bin string, args, env []string, log io.Writer, timeout time.Duration) (*Server, error) {
	cmd := Command(context.Background(), bin, append([]string{"--addr", "127.0.0.1:0"}, args...)...)
	cmd.Env = append(os.Environ(), env...)
	cmd.Stderr = log
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", bin, err)
	}
	s := &Server{cmd: cmd, Pid: cmd.Process.Pid, done: make(chan struct{})}
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
		s.Kill()
		return nil, fmt.Errorf("teilhabe did not serve within %s (see its log)", timeout)
	case <-ctx.Done():
		s.Kill()
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
			s.Kill()
			return nil, fmt.Errorf("GET /healthz did not answer 200 within %s", timeout)
		case <-ctx.Done():
			s.Kill()
			return nil, ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// Command returns a command running bin with args that, on Linux, dies
// with the program that started it, so that an interrupted run leaves no
// process behind.
func Command(ctx context.Context, bin string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.SysProcAttr = childAttrs()
	return cmd
}

// Stop asks the server to shut down (SIGTERM) and waits for it, killing it
// after 15 seconds.
func (s *Server) Stop() {
	s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.done:
	case <-time.After(15 * time.Second):
		s.Kill()
	}
}

// Kill ends the server with SIGKILL, as a power cut or the OOM killer
// would, and waits until it has ended.
func (s *Server) Kill() {
	s.cmd.Process.Kill()
	<-s.done
}

// CommandName is how a program names itself in messages and reports:
// goRun ("go run ./cmd/loadtest") when go run started it, whose binaries
// live in a go-build directory, else its file name.
func CommandName(goRun string) string {
	if strings.Contains(os.Args[0], string(filepath.Separator)+"go-build") {
		return goRun
	}
	return filepath.Base(os.Args[0])
}
