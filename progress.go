package teilhabe

import "time"

// Progress is where a case's coaching year stands, in figures both sides
// may read: the provider's coach and the sponsor's caseworker. It holds no
// note and no health detail.
type Progress struct {
	// Month is the month of the assignment today is in (1 in the first),
	// of Months planned; 0 before the assignment starts.
	Month, Months int
	// Appointments counts the coaching year's appointments by outcome (the
	// first conversation among them, the information appointment not).
	Appointments AttendanceTotals
	// Upcoming counts the appointments booked from today on.
	Upcoming int
	// ModulesOpen are planned or running, ModulesCompleted ended as
	// planned, ModulesBrokenOff ended early.
	ModulesOpen, ModulesCompleted, ModulesBrokenOff int
	LastContactOn                                   time.Time
}

// CaseProgress sums up case c's coaching year on today from its
// appointments and modules.
func CaseProgress(c Case, appts []Appointment, modules []CaseModule, today time.Time) Progress {
	p := Progress{LastContactOn: c.LastContactOn}
	if start, end := c.AssignmentStart, c.AssignmentEnd; !start.IsZero() && !end.IsZero() {
		p.Months = monthsBetween(start, end.AddDate(0, 0, 1))
		if !today.Before(start) {
			p.Month = min(monthsBetween(start, today)+1, max(p.Months, 1))
		}
	}
	for _, ap := range appts {
		if ap.Kind == AppointmentInfo {
			continue
		}
		p.Appointments.add(ap)
		if ap.Status == OutcomeBooked && !ap.On.Before(today) {
			p.Upcoming++
		}
	}
	for _, m := range modules {
		switch m.Status {
		case ModuleCompleted:
			p.ModulesCompleted++
		case ModuleBrokenOff:
			p.ModulesBrokenOff++
		default:
			p.ModulesOpen++
		}
	}
	return p
}

// AttendedPercent is the share of the appointments the participant was
// to attend that were held, rounded; -1 when none was due yet. A
// cancellation by the provider was not the participant's to attend.
func (p Progress) AttendedPercent() int {
	a := p.Appointments
	due := a.Held + a.NoShow + a.CancelledParticipant
	if due == 0 {
		return -1
	}
	return (200*a.Held + due) / (2 * due)
}

// HeldHours is the time the held appointments took, in whole hours.
func (p Progress) HeldHours() int { return (p.Appointments.HeldMinutes + 30) / 60 }

// monthsBetween counts the whole months from from to to.
func monthsBetween(from, to time.Time) int {
	n := (to.Year()-from.Year())*12 + int(to.Month()) - int(from.Month())
	if to.Day() < from.Day() {
		n--
	}
	return max(n, 0)
}
