package web

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"teilhabe"
	"teilhabe/demo"
	"teilhabe/sqldb"
)

// BenchmarkReportXLSXYear downloads the current year's report as XLSX, all
// tables, as the coordinator of programme 1 of the national data set
// (demo.GenerateNational with seed 1, as of 8 December 2026): the report
// query and the workbook, over HTTP. It runs on the SQLite file the store's
// report benchmarks keep in the temporary directory
// (teilhabe-bench-national-N-v2, N from TEILHABE_BENCH_CASES, default
// 1,000,000), generating it if it is missing, or on PostgreSQL
// (TEILHABE_BENCH_POSTGRES, a URL of a database it fills if it is empty,
// as the store's report benchmarks do). Target (issue
// 15): 2 s at 1,000,000 cases.
//
//	go test -run '^$' -bench ReportXLSX -benchtime 5x -count 5 ./web
func BenchmarkReportXLSXYear(b *testing.B) {
	ctx := context.Background()
	n := 1_000_000
	if v, err := strconv.Atoi(os.Getenv("TEILHABE_BENCH_CASES")); err == nil && v > 0 {
		n = v
	}
	today := teilhabe.Day(2026, 12, 8)
	now := time.Date(2026, 12, 8, 10, 0, 0, 0, teilhabe.Germany)
	const password = "ein langes Passwort"
	opt := sqldb.Options{Now: func() time.Time { return now }}
	fresh := true
	if u := os.Getenv("TEILHABE_BENCH_POSTGRES"); u != "" {
		opt.URL = u
	} else {
		opt.DataDir = filepath.Join(os.TempDir(), fmt.Sprintf("teilhabe-bench-national-%d-v2", n))
		_, err := os.Stat(filepath.Join(opt.DataDir, "done"))
		fresh = err != nil
		if fresh {
			os.RemoveAll(opt.DataDir)
		}
	}
	db, err := sqldb.Open(ctx, opt)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if fresh {
		_, err := demo.GenerateNational(ctx, db, demo.NationalOptions{Cases: n, Seed: 1, Password: password, Today: today})
		if err != nil && !(errors.Is(err, sqldb.ErrNotEmpty) && opt.URL != "") { // PostgreSQL: filled by an earlier run
			b.Fatal(err)
		}
		if opt.DataDir != "" {
			os.WriteFile(filepath.Join(opt.DataDir, "done"), nil, 0o644)
		}
	}
	s, err := New(Config{DB: db, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Now: opt.Now})
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(s)
	defer srv.Close()
	jar, _ := cookiejar.New(nil)
	hc := &http.Client{Jar: jar, Timeout: time.Minute,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	form := url.Values{"username": {"coordinator-01"}, "password": {password}}
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	res, err := hc.Do(req)
	if err != nil || res.StatusCode != http.StatusSeeOther {
		b.Fatalf("sign in: %v %v", res, err)
	}
	res.Body.Close()
	download := func() int {
		res, err := hc.Get(srv.URL + "/reports.xlsx")
		if err != nil {
			b.Fatal(err)
		}
		defer res.Body.Close()
		body, err := io.ReadAll(res.Body)
		if err != nil || res.StatusCode != http.StatusOK || !strings.HasPrefix(string(body), "PK") {
			b.Fatalf("GET /reports.xlsx: status %d, %d bytes, %v", res.StatusCode, len(body), err)
		}
		return len(body)
	}
	size := download()
	b.ResetTimer()
	for b.Loop() {
		download()
	}
	b.ReportMetric(float64(size), "bytes/workbook")
}
