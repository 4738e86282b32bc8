package main

import (
	"bufio"
	"os"
	"regexp"
	"sort"
	"strings"
)

// logSummary is what the server logged during the run.
type logSummary struct {
	Lines, Warnings, Errors int
	// Notable are the distinct warning and error lines, without time and
	// request id, with how often each came.
	Notable []notableLine
	// Status5xx counts the requests the server logged with a 5xx status.
	Status5xx int
}

type notableLine struct {
	Text  string
	Count int
}

var (
	logTime      = regexp.MustCompile(`^time=\S+ `)
	logRequestID = regexp.MustCompile(` id=[0-9a-f]+`)
	logStatus5xx = regexp.MustCompile(` status=5\d\d `)
)

// summarizeLog reads the server's log (slog's text format).
func summarizeLog(path string) logSummary {
	var s logSummary
	f, err := os.Open(path)
	if err != nil {
		return s
	}
	defer f.Close()
	counts := map[string]int{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		s.Lines++
		if logStatus5xx.MatchString(line) {
			s.Status5xx++
		}
		warn, fail := strings.Contains(line, "level=WARN"), strings.Contains(line, "level=ERROR")
		if !warn && !fail {
			continue
		}
		if warn {
			s.Warnings++
		} else {
			s.Errors++
		}
		counts[logRequestID.ReplaceAllString(logTime.ReplaceAllString(line, ""), "")]++
	}
	for text, n := range counts {
		s.Notable = append(s.Notable, notableLine{text, n})
	}
	sort.Slice(s.Notable, func(i, j int) bool {
		if s.Notable[i].Count != s.Notable[j].Count {
			return s.Notable[i].Count > s.Notable[j].Count
		}
		return s.Notable[i].Text < s.Notable[j].Text
	})
	return s
}
