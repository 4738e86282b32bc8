package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"teilhabe/internal/serverproc"
)

// run is the whole program; main only calls it, so that tests run the tool
// with their own arguments and output. The report goes to stdout, progress
// to stderr.
func run(ctx context.Context, name string, args []string, stdout, stderr io.Writer) error {
	cfg, err := parseConfig(name, args, stderr)
	if err != nil {
		return err
	}
	rep, err := execute(ctx, cfg, stderr)
	if err != nil {
		return err
	}
	text := rep.markdown()
	if _, err := io.WriteString(stdout, text); err != nil {
		return err
	}
	if cfg.Out != "" {
		return os.WriteFile(cfg.Out, []byte(text), 0o644)
	}
	return nil
}

// execute builds and starts the server on the prepared data, runs the
// measurements in order and returns the report.
func execute(ctx context.Context, cfg config, progress io.Writer) (*report, error) {
	say := func(format string, args ...any) { fmt.Fprintf(progress, "loadtest: "+format+"\n", args...) }
	loadBefore := loadAverage()
	work, err := os.MkdirTemp("", "loadtest-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(work)

	bin := cfg.Bin
	if bin == "" {
		say("building the server")
		if bin, err = serverproc.Build(ctx, work); err != nil {
			return nil, err
		}
	}
	dataDir := cfg.DataDir
	if dataDir == "" {
		dataDir = filepath.Join(work, "data")
	}
	logPath := cfg.ServerLog
	if logPath == "" {
		logPath = filepath.Join(os.TempDir(), "loadtest-server-"+time.Now().Format("20060102-150405.000")+".log")
	}
	logFile, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	defer logFile.Close()
	say("server log: %s", logPath)

	data, err := prepareData(ctx, cfg, bin, dataDir, logFile)
	if err != nil {
		return nil, err
	}
	say("starting the server")
	srv, err := serverproc.Start(ctx, bin, data.ServeArgs, append([]string{"TEILHABE_SERVER_TIMING=1"}, data.Env...), logFile, 10*time.Minute)
	if err != nil {
		return nil, err
	}
	defer srv.Kill() // after stop below, or when a measurement failed
	mem := watchMemory(srv.Pid)
	defer mem.close()

	rep := &report{Date: time.Now(), Machine: machine(), LoadBefore: loadBefore, Server: buildInfo(ctx, bin),
		Data: data.About, Command: cfg.Command, cfg: cfg}
	if data.Generated != "" {
		rep.Data += " (" + data.Generated + ")"
	}
	clients := cfg.Coaches + cfg.Caseworkers
	m := &measurer{cfg: cfg, srv: srv, mem: mem, accounts: accountsFor(cfg), progress: progress,
		tr: newTransport(2*clients+16, nil)}
	defer m.tr.CloseIdleConnections()

	if err := m.prepare(ctx); err != nil {
		return nil, err
	}
	if rep.Reference, err = m.reference(ctx); err != nil {
		return nil, err
	}
	rep.Sequential = m.sequential(ctx)
	rep.Mixed = m.mixed(ctx, false)
	rep.WithCoordinator = m.mixed(ctx, true)
	rep.Bursts = m.bursts(ctx)
	rep.LoadAfter = loadAverage()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	say("stopping the server")
	srv.Stop()
	rep.Database = databaseSize(ctx, cfg, dataDir)
	rep.Log = summarizeLog(logPath)
	return rep, nil
}
