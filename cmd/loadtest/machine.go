package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
)

// machine describes this computer: cores, CPU model and memory.
func machine() string {
	model := "unknown CPU"
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				model = strings.TrimSpace(v)
				break
			}
		}
	}
	s := fmt.Sprintf("%d cores (%s)", runtime.NumCPU(), model)
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		var kb int64
		for _, line := range strings.Split(string(b), "\n") {
			if _, err := fmt.Sscanf(line, "MemTotal: %d kB", &kb); err == nil {
				s += fmt.Sprintf(", %.0f GiB", float64(kb)/(1<<20))
				break
			}
		}
	}
	return s + ", " + runtime.GOOS + "/" + runtime.GOARCH
}

// loadAverage returns the one-minute load average from /proc/loadavg, or
// "unknown". Other work on the machine shows in it, and in the figures.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if f := strings.Fields(string(b)); err == nil && len(f) > 0 {
		return f[0]
	}
	return "unknown"
}

// buildInfo describes the server binary from "go version -m": its Go
// version, commit and database drivers.
func buildInfo(ctx context.Context, bin string) string {
	out, err := exec.CommandContext(ctx, "go", "version", "-m", bin).Output()
	if err != nil {
		return runtime.Version()
	}
	var goVersion, commit, modified string
	var drivers []string
	sc := bufio.NewScanner(strings.NewReader(string(out)))
	for first := true; sc.Scan(); first = false {
		f := strings.Fields(sc.Text())
		switch {
		case first && len(f) >= 2:
			goVersion = f[1]
		case len(f) >= 3 && f[0] == "dep" && (f[1] == "modernc.org/sqlite" || f[1] == "github.com/jackc/pgx/v5"):
			drivers = append(drivers, f[1]+" "+f[2])
		case len(f) >= 2 && f[0] == "build" && strings.HasPrefix(f[1], "vcs.revision="):
			commit = strings.TrimPrefix(f[1], "vcs.revision=")
		case len(f) >= 2 && f[0] == "build" && f[1] == "vcs.modified=true":
			modified = " with uncommitted changes"
		}
	}
	if commit == "" {
		// Built without VCS stamping (-buildvcs=false): ask git.
		commit, modified = gitCommit(ctx)
	}
	s := goVersion
	if commit != "" {
		s += ", commit " + commit[:min(len(commit), 12)] + modified
	}
	if len(drivers) > 0 {
		s += ", " + strings.Join(drivers, ", ")
	}
	return s
}

// gitCommit returns the checked-out commit and whether tracked files
// differ from it, or "" outside a git work tree.
func gitCommit(ctx context.Context) (commit, modified string) {
	out, err := exec.CommandContext(ctx, "git", "rev-parse", "HEAD").Output()
	if err != nil {
		return "", ""
	}
	if exec.CommandContext(ctx, "git", "diff", "--quiet", "HEAD").Run() != nil {
		modified = " with uncommitted changes"
	}
	return strings.TrimSpace(string(out)), modified
}
