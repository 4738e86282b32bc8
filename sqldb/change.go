package sqldb

import (
	"context"
	"strings"
	"time"

	"teilhabe"
)

// A command is one journey command on a case: who may give it, which
// journey action it is, and how the audit log names it. Every method that
// acts on a case states its command and what is special about it; changeCase
// does the rest.
type command struct {
	// action is the journey action; "" for commands that do not move the
	// case along the journey (consents, notes).
	action teilhabe.Action
	// may is the access rule the actor must satisfy (a teilhabe.Can…).
	may func(teilhabe.Actor, teilhabe.CaseScope) bool
	// audit is the audit log's name of the command, such as
	// teilhabe.AuditAssigned.
	audit teilhabe.AuditAction
	// adds marks commands that add to a case without editing the case
	// itself (a consent, a note): they need no version and do not bump it.
	adds bool
}

// change is a command in progress: the case as loaded, the stage the
// command leads to, the columns it sets, its timeline events and its
// audit detail. The command's own step fills it in.
type change struct {
	t  *tx
	a  teilhabe.Actor
	c  teilhabe.Case
	to teilhabe.Stage
	// set holds the column assignments of the case update. Fields of c
	// that NextDue reads (dates) are updated alongside.
	set caseUpdate
	// due is the day of the appointment the case now waits for, if any,
	// for the case's next due date.
	due    time.Time
	events []teilhabe.Event
	detail string
	// after runs once the case is saved, in the same transaction: serving
	// the waiting list with a place the command freed.
	after func(ctx context.Context) error
}

// event adds a timeline event to the change.
func (ch *change) event(e teilhabe.Event) { ch.events = append(ch.events, e) }

// changeCase runs one command on case id in one transaction: it loads the
// case within a's scope (else teilhabe.ErrNotFound), checks cmd.may (else
// teilhabe.ErrForbidden), the version (else teilhabe.ErrStale) and the
// journey transition (else a *teilhabe.ConflictError), runs step, saves
// the case, writes the timeline events and one audit entry, and commits.
// If step or anything else fails, nothing is saved.
func (db *DB) changeCase(ctx context.Context, a teilhabe.Actor, id int64, version int, cmd command,
	step func(ctx context.Context, ch *change) error) error {
	return db.inTx(ctx, func(t *tx) error {
		c, err := t.caseInScope(ctx, a, id)
		if err != nil {
			return err
		}
		if !cmd.may(a, c.Scope()) {
			return teilhabe.ErrForbidden
		}
		if !cmd.adds && version != c.Version {
			return teilhabe.ErrStale
		}
		ch := &change{t: t, a: a, c: c, to: c.Stage}
		if cmd.action != "" {
			if ch.to, err = teilhabe.Next(c.Stage, cmd.action); err != nil {
				return err
			}
		}
		if err := step(ctx, ch); err != nil {
			return err
		}
		if !cmd.adds {
			if err := t.save(ctx, ch.c, ch.to, ch.due, ch.set); err != nil {
				return err
			}
		}
		for _, e := range ch.events {
			if err := t.addEvent(ctx, a, c.ID, e); err != nil {
				return err
			}
		}
		if err := t.audit(ctx, a, caseAudit(cmd.audit, ch.c, ch.detail)); err != nil {
			return err
		}
		if ch.after != nil {
			return ch.after(ctx)
		}
		return nil
	})
}

// caseUpdate is a set of column assignments for one case update.
type caseUpdate struct {
	cols []string
	args []any
}

func (u *caseUpdate) add(col string, v any) {
	u.cols = append(u.cols, col+" = ?")
	u.args = append(u.args, v)
}

// save writes c's new stage, its next due date and the columns in u, and
// bumps the version. The version check in the WHERE clause catches a
// concurrent save between load and write.
func (t *tx) save(ctx context.Context, c teilhabe.Case, stage teilhabe.Stage, appointment time.Time, u caseUpdate) error {
	if appointment.IsZero() && stage == c.Stage && (stage == teilhabe.StageInfoBooked || stage == teilhabe.StageFirstBooked) {
		// A change that keeps a booked stage (an extension while the first
		// conversation is booked) keeps the appointment as the due date.
		appointment = c.NextDueOn
	}
	if err := t.moveStage(ctx, c, stage); err != nil {
		return err
	}
	c.Stage = stage
	u.add("stage", stage)
	u.add("next_due_on", date(teilhabe.NextDue(c, appointment)))
	u.add("updated_at", ts(t.now))
	res, err := t.exec(ctx, `UPDATE cases SET `+strings.Join(u.cols, ", ")+`, version = version + 1 WHERE id = ? AND version = ?`,
		append(u.args, c.ID, c.Version)...)
	return checkVersion(res, err)
}

// caseAudit is the audit entry of an action on case c.
func caseAudit(action teilhabe.AuditAction, c teilhabe.Case, detail string) auditEntry {
	return auditEntry{action: action, objectType: "case", objectID: c.ID, caseID: c.ID,
		providerID: c.ProviderID, sponsorID: c.SponsorID, detail: detail}
}
