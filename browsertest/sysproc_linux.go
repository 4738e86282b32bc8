package browsertest

import "syscall"

// childAttrs makes the kernel kill the server when the test binary dies (a
// test that times out panics it), so that no teilhabe process stays behind.
func childAttrs() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
