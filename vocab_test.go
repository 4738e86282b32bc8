package teilhabe

import (
	"strings"
	"testing"
)

// TestVocabularies checks every value of every vocabulary: its key is
// "<vocabulary>.<value>", no value appears twice in its vocabulary, and the
// value is valid while blank, upper-cased and unknown values are not.
func TestVocabularies(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range AllCodes() {
		key := c.Key()
		vocab, value, ok := strings.Cut(key, ".")
		if !ok || vocab == "" || value == "" {
			t.Errorf("%T %v: key %q, want <vocabulary>.<value>", c, c, key)
			continue
		}
		if seen[key] {
			t.Errorf("%s appears twice", key)
		}
		seen[key] = true
		if v, ok := c.(interface{ Valid() bool }); ok {
			// Booked and rescheduled are statuses, not outcomes a coach records.
			recorded := vocab != "outcome" || (value != string(OutcomeBooked) && value != string(OutcomeRescheduled))
			if !v.Valid() && recorded {
				t.Errorf("%s: Valid() = false for a listed value", key)
			}
		}
	}
	invalid := []interface{ Valid() bool }{
		Channel(""), Channel("PHONE"), DeclineReason("x"), WithdrawReason(""), RefuseReason("No_place"),
		Barrier("bad_luck"), Merkzeichen("ag"), Need(""), ConsentScope("all"), ProofKind("ID_CARD"),
		IneligibleReason(""), Decision("maybe"), EventKind("code:x"), AppointmentKind(""), Outcome("booked"), Outcome("rescheduled"),
		Mode("online"), MessageKind(""), MessageStatus("done"), Stage(""), Role("root"), OrgKind(""),
		DisabilityKind("partial"), Feature("lift"), DeadlineKind(""), LegalDomain("SGB9"),
		AuditAction("case."), AuditAction("case.appointment_booked "), AuditGroup("case"),
	}
	for _, v := range invalid {
		if v.Valid() {
			t.Errorf("%T(%v).Valid() = true, want false", v, v)
		}
	}
	if len(seen) < 150 {
		t.Errorf("only %d codes; is a vocabulary missing from AllCodes?", len(seen))
	}
}

func TestEventLabels(t *testing.T) {
	e := Event{Kind: EventNotEligible, Codes: []string{"no_barrier", "proof_expired"}}
	got := e.Labels()
	if len(got) != 2 || got[0] != IneligibleNoBarrier || got[1] != IneligibleProofExpired {
		t.Errorf("Labels() = %v, want the two ineligible reasons", got)
	}
	// A note's text is never read as a code, whatever it looks like.
	note := Event{Kind: EventNote, Text: "code:decline.other"}
	if got := note.Labels(); len(got) != 0 {
		t.Errorf("note Labels() = %v, want none", got)
	}
}
