package serverproc

import "syscall"

// childAttrs makes the kernel kill the server when this program dies, so
// that an interrupted run leaves no server behind.
func childAttrs() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
