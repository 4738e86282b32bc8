package teilhabe

import "time"

// MessageKind is one of the structured messages sponsor and provider
// exchange (PRODUCT.md, "Messages between sponsor and provider").
type MessageKind string

// The message kinds.
const (
	MsgAnnouncement      MessageKind = "announcement"       // sponsor → provider: a candidate
	MsgAnnouncementReply MessageKind = "announcement_reply" // provider → sponsor: confirmation or refusal
	MsgAssignmentRequest MessageKind = "assignment_request" // provider → sponsor
	MsgAssignmentReply   MessageKind = "assignment_reply"   // sponsor → provider: assignment or refusal
	MsgExtensionRequest  MessageKind = "extension_request"  // provider → sponsor
	MsgExtensionReply    MessageKind = "extension_reply"    // sponsor → provider: decision
	MsgAttendance        MessageKind = "attendance"         // provider → sponsor: the month's attendance (On: the month)
	MsgNoShowNotice      MessageKind = "no_show_notice"     // provider → sponsor: unexcused no-shows in a row (On: the latest)
	MsgPlacement         MessageKind = "placement"          // provider → sponsor: a placement that counts (On: its start; Note: job and employer)
	MsgExit              MessageKind = "exit"               // provider → sponsor: the exit and destination notice (On: the exit day; ReasonCode: the reason; Codes: kind, destination, good cause)
	MsgFinalReport       MessageKind = "final_report"       // provider → sponsor: a version of the final report sent (On: the exit day; ReportNumber: the version)
)

// MessageKinds lists every kind.
func MessageKinds() []MessageKind {
	return []MessageKind{MsgAnnouncement, MsgAnnouncementReply, MsgAssignmentRequest, MsgAssignmentReply,
		MsgExtensionRequest, MsgExtensionReply, MsgAttendance, MsgNoShowNotice, MsgPlacement, MsgExit,
		MsgFinalReport}
}

// Valid reports whether k is a known MessageKind.
func (k MessageKind) Valid() bool { return oneOf(k, MessageKinds()) }

// Key names the label of k.
func (k MessageKind) Key() string { return "msg." + string(k) }

// MessageStatus is where a message stands.
type MessageStatus string

// The message statuses.
const (
	StatusOpen      MessageStatus = "open"      // waiting for the other side
	StatusWaiting   MessageStatus = "waiting"   // on the waiting list (assignment requests)
	StatusAccepted  MessageStatus = "accepted"  // confirmed, assigned, extended
	StatusDeclined  MessageStatus = "declined"  // refused
	StatusWithdrawn MessageStatus = "withdrawn" // the provider withdrew the request
	StatusNoted     MessageStatus = "noted"     // the sponsor took note of a notice
)

// MessageStatuses lists every status.
func MessageStatuses() []MessageStatus {
	return []MessageStatus{StatusOpen, StatusWaiting, StatusAccepted, StatusDeclined, StatusWithdrawn, StatusNoted}
}

// Valid reports whether s is a known MessageStatus.
func (s MessageStatus) Valid() bool { return oneOf(s, MessageStatuses()) }

// Key names the label of s.
func (s MessageStatus) Key() string { return "msgstatus." + string(s) }

// Side is the party a message waits for.
type Side string

// The sides.
const (
	SideSponsor  Side = "sponsor"
	SideProvider Side = "provider"
	SideNone     Side = "none" // settled
)

// Message is a structured message about a case.
type Message struct {
	ID          int64
	CaseID      int64
	Kind        MessageKind
	Awaiting    Side
	Status      MessageStatus
	ReasonCode  string // a code of the vocabulary Reason names
	Note        string
	On          time.Time // the info appointment a confirmation names; the start of an assignment
	ProposedEnd time.Time // extension requests; the new end of approved extensions and assignments
	// Codes are further codes of the kind's vocabularies (see the kind's
	// constant): the exit notice's kind, destination and good cause.
	Codes     []string
	CreatedAt time.Time
	CreatedBy string
	// AnsweredAt is when the message was settled: answered, acknowledged,
	// withdrawn, or, for a reply that waits for no one, sent.
	AnsweredAt time.Time
	// PlanID is the agreed version of the support plan an extension
	// request refers to, 0 if there was none; PlanNumber and PlanAgreedOn
	// name it.
	PlanID       int64
	PlanNumber   int
	PlanAgreedOn time.Time
	// FinalReportID is the version of the final report a final report
	// notice sends, 0 for other kinds; ReportNumber names it.
	FinalReportID int64
	ReportNumber  int
	// CaseVersion is the version of the case, for a form that acts on it
	// from a list of messages.
	CaseVersion int

	// Names joined for display.
	PersonName   string
	SponsorName  string
	LocationName string
}

// Reason returns the message's reason as a value of its vocabulary, or nil.
func (m Message) Reason() Code {
	if m.ReasonCode == "" {
		return nil
	}
	switch m.Kind {
	case MsgAnnouncementReply:
		return DeclineReason(m.ReasonCode)
	case MsgAssignmentReply:
		return RefuseReason(m.ReasonCode)
	case MsgExit:
		return ExitReason(m.ReasonCode)
	}
	return nil
}

// ExitDetails returns the exit notice's kind, destination and good cause
// (empty unless the participant dropped out).
func (m Message) ExitDetails() (ExitKind, Destination, GoodCause) {
	var codes [3]string
	copy(codes[:], m.Codes)
	return ExitKind(codes[0]), Destination(codes[1]), GoodCause(codes[2])
}

// IsNotice reports whether m is a notice the sponsor takes note of: a
// placement, an exit or a final report, sent by the provider.
func (m Message) IsNotice() bool { return oneOf(m.Kind, NoticeKinds()) }

// NoticeKinds lists the kinds of the notices the sponsor takes note of
// (Message.IsNotice).
func NoticeKinds() []MessageKind { return []MessageKind{MsgPlacement, MsgExit, MsgFinalReport} }

// AwaitsNote reports whether m is a notice the sponsor has not yet
// acknowledged.
func (m Message) AwaitsNote() bool { return m.IsNotice() && m.Awaiting == SideSponsor }

// NeedsAcknowledgement reports whether m is a provider's refusal of an
// announcement that the sponsor has not yet taken note of.
func (m Message) NeedsAcknowledgement() bool {
	return m.Kind == MsgAnnouncementReply && m.Status == StatusDeclined && m.Awaiting == SideSponsor
}

// Open reports whether m still waits for a side.
func (m Message) Open() bool { return m.Awaiting != SideNone }
