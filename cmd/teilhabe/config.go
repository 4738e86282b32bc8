package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
)

// config is every setting of the serve command.
type config struct {
	Addr          string
	DataDir       string
	DatabaseURL   string
	Demo          bool
	DemoPassword  string
	SecureCookies bool
	// TrustedProxies are the load balancers whose X-Forwarded-For is believed.
	TrustedProxies []netip.Prefix
	// ServerTiming reports each request's database work in a header.
	ServerTiming bool
	// MemoryLimitMiB is the Go runtime's soft memory limit; GOMEMLIMIT,
	// when set, wins.
	MemoryLimitMiB int
	// BaseURL is the address users reach teilhabe at, for the links in
	// calendar files and feeds; empty takes each request's host.
	BaseURL string
	// PprofAddr, when set, serves the Go runtime's profiles on this
	// loopback address, for measuring under load; never on another.
	PprofAddr string
}

// parseConfig reads flags over environment over defaults and validates
// the result; each error names the setting.
func parseConfig(args []string, getenv func(string) string, stderr io.Writer) (config, error) {
	cfg := config{Addr: "127.0.0.1:8080", DataDir: "./data", MemoryLimitMiB: 200}
	var errs []error
	envBool := func(name string) bool {
		v := getenv(name)
		if v == "" {
			return false
		}
		b, err := strconv.ParseBool(v)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s=%q: want 1, 0, true or false", name, v))
		}
		return b
	}
	if v := getenv("TEILHABE_ADDR"); v != "" {
		cfg.Addr = v
	}
	if v := getenv("TEILHABE_DATA_DIR"); v != "" {
		cfg.DataDir = v
	}
	cfg.DatabaseURL = getenv("TEILHABE_DATABASE_URL")
	cfg.Demo = envBool("TEILHABE_DEMO")
	cfg.DemoPassword = getenv("TEILHABE_DEMO_PASSWORD")
	cfg.SecureCookies = envBool("TEILHABE_SECURE_COOKIES")
	cfg.ServerTiming = envBool("TEILHABE_SERVER_TIMING")
	if v := getenv("TEILHABE_MEMORY_LIMIT_MIB"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			errs = append(errs, fmt.Errorf("TEILHABE_MEMORY_LIMIT_MIB=%q: want a number of MiB", v))
		}
		cfg.MemoryLimitMiB = n
	}
	proxies := getenv("TEILHABE_TRUSTED_PROXIES")
	cfg.BaseURL = getenv("TEILHABE_BASE_URL")
	cfg.PprofAddr = getenv("TEILHABE_PPROF_ADDR")

	fs := flag.NewFlagSet("teilhabe serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&cfg.Addr, "addr", cfg.Addr, "listen address host:port (TEILHABE_ADDR)")
	fs.StringVar(&cfg.DataDir, "data-dir", cfg.DataDir, "directory of the SQLite database (TEILHABE_DATA_DIR)")
	fs.StringVar(&cfg.DatabaseURL, "database-url", cfg.DatabaseURL, "postgres:// URL; empty for SQLite (TEILHABE_DATABASE_URL)")
	fs.BoolVar(&cfg.Demo, "demo", cfg.Demo, "load the Trier demo programme and accounts (TEILHABE_DEMO)")
	fs.BoolVar(&cfg.SecureCookies, "secure-cookies", cfg.SecureCookies, "served through HTTPS: Secure cookies and HSTS (TEILHABE_SECURE_COOKIES)")
	fs.BoolVar(&cfg.ServerTiming, "server-timing", cfg.ServerTiming, "report each request's database work in a Server-Timing header (TEILHABE_SERVER_TIMING)")
	fs.IntVar(&cfg.MemoryLimitMiB, "memory-limit-mib", cfg.MemoryLimitMiB, "soft memory limit of the Go runtime in MiB; GOMEMLIMIT wins (TEILHABE_MEMORY_LIMIT_MIB)")
	fs.StringVar(&proxies, "trusted-proxies", proxies, "comma-separated addresses or CIDR ranges of load balancers (TEILHABE_TRUSTED_PROXIES)")
	fs.StringVar(&cfg.BaseURL, "base-url", cfg.BaseURL, "address users reach teilhabe at, e.g. https://teilhabe.example.de, for links in calendar feeds; empty: each request's host (TEILHABE_BASE_URL)")
	fs.StringVar(&cfg.PprofAddr, "pprof-addr", cfg.PprofAddr, "serve runtime profiles on this loopback host:port, e.g. 127.0.0.1:6060; empty: off (TEILHABE_PPROF_ADDR)")
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	if fs.NArg() > 0 {
		errs = append(errs, fmt.Errorf("unexpected argument %q", fs.Arg(0)))
	}

	for _, p := range strings.Split(proxies, ",") {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		prefix, err := netip.ParsePrefix(p)
		if err != nil {
			addr, aerr := netip.ParseAddr(p)
			if aerr != nil {
				errs = append(errs, fmt.Errorf("TEILHABE_TRUSTED_PROXIES (--trusted-proxies): %q is no address or CIDR range", p))
				continue
			}
			prefix = netip.PrefixFrom(addr, addr.BitLen())
		}
		cfg.TrustedProxies = append(cfg.TrustedProxies, prefix.Masked())
	}
	host, port, err := net.SplitHostPort(cfg.Addr)
	if n, perr := strconv.Atoi(port); err != nil || perr != nil || n < 0 || n > 65535 {
		errs = append(errs, fmt.Errorf("TEILHABE_ADDR (--addr) %q: want host:port, e.g. 127.0.0.1:8080", cfg.Addr))
	} else if host != "" && host != "localhost" && net.ParseIP(host) == nil {
		errs = append(errs, fmt.Errorf("TEILHABE_ADDR (--addr) %q: host must be an IP address or localhost", cfg.Addr))
	}
	if cfg.DatabaseURL != "" && !strings.HasPrefix(cfg.DatabaseURL, "postgres://") && !strings.HasPrefix(cfg.DatabaseURL, "postgresql://") {
		errs = append(errs, errors.New("TEILHABE_DATABASE_URL (--database-url): want a postgres:// URL, or leave it empty for SQLite"))
	}
	if cfg.DatabaseURL == "" && strings.TrimSpace(cfg.DataDir) == "" {
		errs = append(errs, errors.New("TEILHABE_DATA_DIR (--data-dir): must not be empty"))
	}
	if cfg.BaseURL != "" {
		u, err := url.Parse(cfg.BaseURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil ||
			strings.Trim(u.Path, "/") != "" || u.RawQuery != "" || u.Fragment != "" {
			errs = append(errs, fmt.Errorf("TEILHABE_BASE_URL (--base-url) %q: want http(s)://host[:port] without a path, e.g. https://teilhabe.example.de", cfg.BaseURL))
		}
		cfg.BaseURL = strings.TrimSuffix(cfg.BaseURL, "/")
	}
	if cfg.PprofAddr != "" {
		// Profiles show memory and the code's paths: never beyond this host.
		if host, _, err := net.SplitHostPort(cfg.PprofAddr); err != nil || !isLoopback(host) {
			errs = append(errs, fmt.Errorf("TEILHABE_PPROF_ADDR (--pprof-addr) %q: want a loopback host:port, e.g. 127.0.0.1:6060", cfg.PprofAddr))
		}
	}
	if cfg.MemoryLimitMiB < 64 {
		errs = append(errs, fmt.Errorf("TEILHABE_MEMORY_LIMIT_MIB (--memory-limit-mib) %d: want at least 64", cfg.MemoryLimitMiB))
	}
	if cfg.DemoPassword != "" && len(cfg.DemoPassword) < 12 {
		errs = append(errs, errors.New("TEILHABE_DEMO_PASSWORD: at least 12 characters"))
	}
	return cfg, errors.Join(errs...)
}

// isLoopback reports whether host names this machine only.
func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.IsLoopback()
}
