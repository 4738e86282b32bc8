package main

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"
)

// memoryWatch follows the resident memory of a process: it samples VmRSS
// from /proc/PID/status every 100 ms and reads the kernel's own peak
// (VmHWM), which reset sets back to the current size.
type memoryWatch struct {
	pid  int
	stop chan struct{}
	done chan struct{}

	mu     sync.Mutex
	peakKB int64 // highest VmRSS sampled since reset
	// hwmReset says that the kernel's peak was reset with the period, so
	// that VmHWM is the period's peak.
	hwmReset bool
}

// watchMemory starts sampling pid's memory.
func watchMemory(pid int) *memoryWatch {
	m := &memoryWatch{pid: pid, stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(m.done)
		t := time.NewTicker(100 * time.Millisecond)
		defer t.Stop()
		for {
			m.sample()
			select {
			case <-m.stop:
				return
			case <-t.C:
			}
		}
	}()
	return m
}

func (m *memoryWatch) sample() {
	rss, _, err := readMemory(m.pid)
	if err != nil {
		return
	}
	m.mu.Lock()
	m.peakKB = max(m.peakKB, rss)
	m.mu.Unlock()
}

// reset starts a new measuring period: the sampled peak is forgotten and
// the kernel's peak set back to the current size (writing 5 to
// clear_refs). It returns the current size in KiB.
func (m *memoryWatch) reset() int64 {
	err := os.WriteFile(fmt.Sprintf("/proc/%d/clear_refs", m.pid), []byte("5"), 0)
	m.mu.Lock()
	m.peakKB, m.hwmReset = 0, err == nil
	m.mu.Unlock()
	m.sample()
	rss, _, _ := readMemory(m.pid)
	return rss
}

// peak returns the highest resident memory since the last reset, in KiB:
// the kernel's VmHWM, which sees what 100 ms samples miss, or the highest
// sample if the kernel's peak could not be reset.
func (m *memoryWatch) peak() int64 {
	m.sample()
	_, hwm, err := readMemory(m.pid)
	m.mu.Lock()
	defer m.mu.Unlock()
	if err != nil || !m.hwmReset {
		return m.peakKB
	}
	return max(hwm, m.peakKB)
}

// close stops sampling.
func (m *memoryWatch) close() {
	close(m.stop)
	<-m.done
}

// readMemory returns VmRSS and VmHWM of pid in KiB.
func readMemory(pid int) (rss, hwm int64, err error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		name, value, ok := strings.Cut(sc.Text(), ":")
		if !ok || (name != "VmRSS" && name != "VmHWM") {
			continue
		}
		kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(value), " kB"), 10, 64)
		if err != nil {
			return 0, 0, fmt.Errorf("/proc/%d/status %s: %w", pid, name, err)
		}
		if name == "VmRSS" {
			rss = kb
		} else {
			hwm = kb
		}
	}
	return rss, hwm, sc.Err()
}
