package teilhabe

import "time"

// FirstContact is what a coach records when a person gets in touch
// (PRODUCT.md, step 1).
type FirstContact struct {
	Person   Person
	PersonID int64 // an existing person in the coach's scope, instead of Person
	// NewPerson confirms that Person is someone else than the known persons
	// of the same name and date of birth.
	NewPerson  bool
	LocationID int64
	Channel    Channel
	ContactOn  time.Time
}

// Validate checks what needs no database, in form order; today bounds the
// dates.
func (in FirstContact) Validate(today time.Time) error {
	var pr Problems
	if in.PersonID == 0 {
		in.Person.CheckInto(&pr, today)
	}
	if !oneOf(in.Channel, ContactChannels()) {
		pr.Add("channel", "err.choose")
	}
	checkRecentDate(&pr, "contact_on", in.ContactOn, today)
	return pr.Err()
}

// Announcement is a sponsor's candidate announcement to a provider's
// location.
type Announcement struct {
	Person         Person
	LocationID     int64
	CustomerNumber string
	Reason         string
}

// Validate checks what needs no database, in form order; today bounds the
// birth date.
func (in Announcement) Validate(today time.Time) error {
	var pr Problems
	in.Person.CheckInto(&pr, today)
	checkRequired(&pr, "customer_number", in.CustomerNumber, MaxCode)
	checkPlain(&pr, "customer_number", in.CustomerNumber)
	if in.LocationID == 0 {
		pr.Add("location", "err.choose")
	}
	checkRequired(&pr, "reason", in.Reason, MaxReason)
	return pr.Err()
}
