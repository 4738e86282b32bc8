package teilhabe

import (
	"slices"
	"time"
)

// DayType is what a participant's day was, as the monthly attendance
// message reports it: eM@w's presence and absence types, one per day
// (domain-germany.md § 2.6). The provider records facts, never a judgement
// that a sanction is due (§ 2.4).
type DayType string

// The day types. DayPresent is derived from a held appointment; the
// others are recorded by a coach (DayUnexcused also by a no-show).
const (
	DayPresent          DayType = "present"
	DayHoliday          DayType = "holiday"           // Ferien/Urlaub
	DayVocationalSchool DayType = "vocational_school" // Berufsschule
	DayInternship       DayType = "internship"        // Praktikum
	DayExam             DayType = "exam"              // Prüfungstag
	DaySickFirst        DayType = "sick_first"        // Krank – Erstbescheinigung
	DaySickFollowing    DayType = "sick_following"    // Krank – Folgebescheinigung
	DayChildSick        DayType = "child_sick"        // Kind krank
	DayExcused          DayType = "excused"           // entschuldigtes Fehlen ohne AU
	DayUnexcused        DayType = "unexcused"         // unentschuldigtes Fehlen
	DayParental         DayType = "parental"          // Mutterschutz, Elternzeit
)

// DayTypes lists the types a coach records for a day.
func DayTypes() []DayType {
	return []DayType{DaySickFirst, DaySickFollowing, DayChildSick, DayExcused, DayUnexcused, DayParental,
		DayHoliday, DayVocationalSchool, DayInternship, DayExam}
}

// AllDayTypes lists every type, the derived one included.
func AllDayTypes() []DayType { return append([]DayType{DayPresent}, DayTypes()...) }

// Valid reports whether t is a known DayType.
func (t DayType) Valid() bool { return slices.Contains(AllDayTypes(), t) }

// Recorded reports whether t is a type a coach records, not one derived.
func (t DayType) Recorded() bool { return slices.Contains(DayTypes(), t) }

// Key names the label of t.
func (t DayType) Key() string { return "daytype." + string(t) }

// Absence is a period a coach records with one day type, such as the days
// a sick note covers.
type Absence struct {
	Type        DayType
	From, Until time.Time
	Note        string
}

// MaxAbsenceDays bounds one absence; a longer one is recorded in parts.
const MaxAbsenceDays = 92

// Validate checks an absence in form order. A period may reach into the
// coming weeks (a sick note until next Friday), not beyond.
func (in Absence) Validate(today time.Time) error {
	var pr Problems
	if !in.Type.Recorded() {
		pr.Add("type", "err.choose")
	}
	switch {
	case in.From.IsZero():
		pr.Add("from", "err.date")
	case in.From.Before(today.AddDate(-1, 0, 0)):
		pr.Add("from", "err.date_too_old")
	case in.From.After(today.AddDate(0, 0, MaxAbsenceDays)):
		pr.Add("from", "err.date_too_far")
	}
	switch {
	case in.Until.IsZero():
		pr.Add("until", "err.date")
	case !in.From.IsZero() && in.Until.Before(in.From):
		pr.Add("until", "err.end_before_start")
	case !in.From.IsZero() && in.Until.After(in.From.AddDate(0, 0, MaxAbsenceDays-1)):
		pr.Add("until", "err.absence_too_long", MaxAbsenceDays)
	}
	checkLength(&pr, "note", in.Note, MaxShortNote)
	return pr.Err()
}

// Days lists the days of the absence, From to Until.
func (in Absence) Days() []time.Time {
	var days []time.Time
	for d := in.From; !d.After(in.Until); d = d.AddDate(0, 0, 1) {
		days = append(days, d)
	}
	return days
}

// CheckCase checks the absence against case c: attendance counts from the
// start of the assignment.
func (in Absence) CheckCase(c Case) error {
	if !c.AssignmentStart.IsZero() && in.From.Before(c.AssignmentStart) {
		return Invalid("from", "err.before_assignment", c.AssignmentStart)
	}
	return nil
}

// MonthOf is the first day of t's month.
func MonthOf(t time.Time) time.Time { return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC) }

// AttendanceDueDay is the day of the following month by which the
// attendance message of a month is sent (the 9th: it is due at the
// Agentur by the 10th).
const AttendanceDueDay = 9

// AttendanceDue is the day the attendance message of month is due.
func AttendanceDue(month time.Time) time.Time {
	return MonthOf(month).AddDate(0, 1, AttendanceDueDay-1)
}

// AttendanceOpen reports whether the message of month can be sent on
// today: from the 1st of the following month on.
func AttendanceOpen(month, today time.Time) bool {
	return !today.Before(MonthOf(month).AddDate(0, 1, 0))
}

// AttendanceDay is one day of an attendance message: its type, if any,
// and the appointments of the day by outcome.
type AttendanceDay struct {
	On        time.Time
	Type      DayType // "" for a day with cancelled appointments only
	Held      int
	HeldMins  int
	NoShow    int
	Cancelled int // by either side
	Note      string
}

// AttendanceTotals counts a month's attendance.
type AttendanceTotals struct {
	Held, NoShow, CancelledParticipant, CancelledProvider int
	HeldMinutes                                           int
	// Days counts the days by type.
	Days map[DayType]int
}

// add counts appointment ap by its outcome; one without an outcome yet
// counts for nothing.
func (t *AttendanceTotals) add(ap Appointment) {
	switch ap.Status {
	case OutcomeHeld:
		t.Held++
		t.HeldMinutes += ap.HeldMinutes
	case OutcomeNoShow:
		t.NoShow++
	case OutcomeCancelledByProvider:
		t.CancelledProvider++
	case OutcomeCancelledByParticipant, OutcomeCancelled:
		t.CancelledParticipant++
	}
}

// ComposeAttendance builds the days of month's attendance message from the
// case's appointments of the coaching year (and the first conversation)
// and the day types recorded: a recorded type wins, else a day with a held
// appointment is a day present. Days without either are left out.
func ComposeAttendance(month time.Time, appts []Appointment, recorded map[time.Time]RecordedDay) ([]AttendanceDay, AttendanceTotals) {
	month = MonthOf(month)
	next := month.AddDate(0, 1, 0)
	byDay := map[time.Time]*AttendanceDay{}
	day := func(on time.Time) *AttendanceDay {
		d := byDay[on]
		if d == nil {
			d = &AttendanceDay{On: on}
			byDay[on] = d
		}
		return d
	}
	tot := AttendanceTotals{Days: map[DayType]int{}}
	for _, ap := range appts {
		if ap.Kind == AppointmentInfo || ap.On.Before(month) || !ap.On.Before(next) {
			continue
		}
		tot.add(ap)
		switch ap.Status {
		case OutcomeHeld:
			d := day(ap.On)
			d.Held++
			d.HeldMins += ap.HeldMinutes
		case OutcomeNoShow:
			day(ap.On).NoShow++
		case OutcomeCancelledByParticipant, OutcomeCancelledByProvider, OutcomeCancelled:
			day(ap.On).Cancelled++
		}
	}
	for on, r := range recorded {
		if !on.Before(month) && on.Before(next) {
			d := day(on)
			d.Type, d.Note = r.Type, r.Note
		}
	}
	days := make([]AttendanceDay, 0, len(byDay))
	for _, d := range byDay {
		if d.Type == "" && d.Held > 0 {
			d.Type = DayPresent
		}
		if d.Type != "" {
			tot.Days[d.Type]++
		}
		days = append(days, *d)
	}
	slices.SortFunc(days, func(a, b AttendanceDay) int { return a.On.Compare(b.On) })
	return days, tot
}

// RecordedDay is the type a coach (or a no-show) recorded for a day.
type RecordedDay struct {
	Type DayType
	// Auto marks the unexcused day a no-show recorded, which a changed
	// outcome takes back.
	Auto bool
	Note string
}

// UnexcusedStreak counts the unexcused no-shows in a row, from the latest
// appointment with an outcome back: held ends the streak, and so does a
// no-show on a day recorded with an excusing type. Cancellations neither
// count nor end it. appts are in order of day and time.
func UnexcusedStreak(appts []Appointment, recorded map[time.Time]RecordedDay) int {
	n := 0
	for _, ap := range slices.Backward(appts) {
		switch ap.Status {
		case OutcomeHeld:
			return n
		case OutcomeNoShow:
			if r, ok := recorded[ap.On]; ok && r.Type != DayUnexcused {
				return n
			}
			n++
		}
	}
	return n
}
