package teilhabe

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// allowedTransitions is the journey, part 1, written out by hand: for each
// stage, the actions allowed in it and the stage each leads to. Every
// stage-action pair not listed here must be refused.
var allowedTransitions = map[Stage]map[Action]Stage{
	StageAnnounced: {
		ActConfirmAnnouncement: StageInfoBooked,
		ActDeclineAnnouncement: StageDeclined,
	},
	StageContacted: {
		ActBookInfo: StageInfoBooked,
		ActWithdraw: StageWithdrawn,
	},
	StageInfoBooked: {
		ActBookInfo:   StageInfoBooked,
		ActInfoHeld:   StageEligibilityPending,
		ActInfoMissed: StageContacted,
		ActWithdraw:   StageWithdrawn,
	},
	StageEligibilityPending: {
		ActEligible:    StageContractPending,
		ActNotEligible: StageNotEligible,
		ActWithdraw:    StageWithdrawn,
	},
	StageContractPending: {
		ActSignContract: StageContractSigned,
		ActWithdraw:     StageWithdrawn,
	},
	StageContractSigned: {
		ActRequestAssignment: StageAssignmentRequested,
		ActWaitlist:          StageWaitingList,
		ActWithdraw:          StageWithdrawn,
	},
	StageAssignmentRequested: {
		ActAssign:           StageAssigned,
		ActRefuseAssignment: StageAssignmentRefused,
		ActWithdraw:         StageWithdrawn,
	},
	StageWaitingList: {
		ActLeaveWaitingList: StageAssignmentRequested,
		ActRefuseAssignment: StageAssignmentRefused,
		ActWithdraw:         StageWithdrawn,
	},
	StageAssigned: {
		ActBookFirst:        StageFirstBooked,
		ActRequestExtension: StageAssigned,
		ActDecideExtension:  StageAssigned,
		ActExit:             StageExited,
	},
	StageFirstBooked: {
		ActBookFirst:        StageFirstBooked,
		ActFirstHeld:        StageActive,
		ActFirstMissed:      StageAssigned,
		ActRequestExtension: StageFirstBooked,
		ActDecideExtension:  StageFirstBooked,
		ActExit:             StageExited,
	},
	StageActive: {
		ActRequestExtension: StageActive,
		ActDecideExtension:  StageActive,
		ActExit:             StageExited,
	},
	StageDeclined:          {ActAcknowledgeDecline: StageDeclined},
	StageNotEligible:       {},
	StageAssignmentRefused: {},
	StageWithdrawn:         {},
	StageExited:            {},
}

// allActions is every action, written out so that an action missing from
// Actions() is noticed.
var allActions = []Action{ActConfirmAnnouncement, ActDeclineAnnouncement, ActBookInfo, ActInfoHeld,
	ActInfoMissed, ActEligible, ActNotEligible, ActSignContract, ActRequestAssignment, ActWaitlist,
	ActLeaveWaitingList, ActAssign, ActRefuseAssignment, ActBookFirst, ActFirstHeld, ActFirstMissed,
	ActWithdraw, ActRequestExtension, ActDecideExtension, ActAcknowledgeDecline, ActExit}

func TestStagesAndActions(t *testing.T) {
	var wantStages []Stage
	for s := range allowedTransitions {
		wantStages = append(wantStages, s)
	}
	sortStages := cmpopts.SortSlices(func(a, b Stage) bool { return a < b })
	if diff := cmp.Diff(wantStages, Stages(), sortStages); diff != "" {
		t.Errorf("Stages() (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(allActions, Actions()); diff != "" {
		t.Errorf("Actions() (-want +got):\n%s", diff)
	}
	for _, s := range Stages() {
		if !s.Valid() {
			t.Errorf("Stage(%q).Valid() = false, want true", s)
		}
	}
	for _, s := range []Stage{"", "closed", "Active"} {
		if s.Valid() {
			t.Errorf("Stage(%q).Valid() = true, want false", s)
		}
	}
}

func TestNext(t *testing.T) {
	for _, from := range Stages() {
		for _, act := range Actions() {
			t.Run(string(from)+"/"+string(act), func(t *testing.T) {
				want, allowed := allowedTransitions[from][act]
				got, err := Next(from, act)
				if allowed {
					if err != nil {
						t.Fatalf("Next(%s, %s) error: %v, want %s", from, act, err, want)
					}
					if got != want {
						t.Errorf("Next(%s, %s) = %s, want %s", from, act, got, want)
					}
					if !Allowed(from, act) {
						t.Errorf("Allowed(%s, %s) = false, want true", from, act)
					}
					return
				}
				if err == nil {
					t.Fatalf("Next(%s, %s) = %s, nil; want a conflict", from, act, got)
				}
				var ce *ConflictError
				if !errors.As(err, &ce) {
					t.Fatalf("Next(%s, %s) error = %T %v, want *ConflictError", from, act, err, err)
				}
				if !strings.HasPrefix(ce.Key, "journey.") {
					t.Errorf("Next(%s, %s) conflict key = %q, want prefix %q", from, act, ce.Key, "journey.")
				}
				if from.Closed() {
					if ce.Key != "journey.closed" {
						t.Errorf("Next(%s, %s) conflict key = %q, want %q", from, act, ce.Key, "journey.closed")
					}
				} else if !strings.HasPrefix(ce.Key, "journey.need.") {
					t.Errorf("Next(%s, %s) conflict key = %q, want prefix %q", from, act, ce.Key, "journey.need.")
				}
				if got != from {
					t.Errorf("Next(%s, %s) = %s on conflict, want the unchanged stage %s", from, act, got, from)
				}
				if Allowed(from, act) {
					t.Errorf("Allowed(%s, %s) = true, want false", from, act)
				}
			})
		}
	}
}

func TestNextUnknownAction(t *testing.T) {
	got, err := Next(StageContacted, "fly_to_moon")
	var ce *ConflictError
	if !errors.As(err, &ce) || ce.Key != "journey.unknown_action" {
		t.Fatalf("Next(contacted, unknown) error = %v, want conflict journey.unknown_action", err)
	}
	if got != StageContacted {
		t.Errorf("Next(contacted, unknown) = %s, want %s", got, StageContacted)
	}
}

func TestJourneyPaths(t *testing.T) {
	tests := []struct {
		name  string
		start Stage
		steps []Action
		want  []Stage
	}{
		{
			name:  "self-referred to active",
			start: StageContacted,
			steps: []Action{ActBookInfo, ActInfoHeld, ActEligible, ActSignContract, ActRequestAssignment, ActAssign, ActBookFirst, ActFirstHeld},
			want: []Stage{StageInfoBooked, StageEligibilityPending, StageContractPending, StageContractSigned,
				StageAssignmentRequested, StageAssigned, StageFirstBooked, StageActive},
		},
		{
			name:  "announced to active",
			start: StageAnnounced,
			steps: []Action{ActConfirmAnnouncement, ActInfoHeld, ActEligible, ActSignContract, ActRequestAssignment, ActAssign, ActBookFirst, ActFirstHeld},
			want: []Stage{StageInfoBooked, StageEligibilityPending, StageContractPending, StageContractSigned,
				StageAssignmentRequested, StageAssigned, StageFirstBooked, StageActive},
		},
		{
			name:  "announcement declined",
			start: StageAnnounced,
			steps: []Action{ActDeclineAnnouncement},
			want:  []Stage{StageDeclined},
		},
		{
			name:  "missed appointments and waiting list",
			start: StageContacted,
			steps: []Action{ActBookInfo, ActInfoMissed, ActBookInfo, ActBookInfo, ActInfoHeld, ActEligible, ActSignContract,
				ActWaitlist, ActLeaveWaitingList, ActAssign, ActBookFirst, ActFirstMissed,
				ActBookFirst, ActFirstHeld, ActRequestExtension, ActDecideExtension},
			want: []Stage{StageInfoBooked, StageContacted, StageInfoBooked, StageInfoBooked, StageEligibilityPending,
				StageContractPending, StageContractSigned, StageWaitingList, StageAssignmentRequested, StageAssigned, StageFirstBooked, StageAssigned, StageFirstBooked, StageActive,
				StageActive, StageActive},
		},
		{
			name:  "coaching to exit",
			start: StageAssigned,
			steps: []Action{ActBookFirst, ActFirstHeld, ActRequestExtension, ActDecideExtension, ActExit},
			want:  []Stage{StageFirstBooked, StageActive, StageActive, StageActive, StageExited},
		},
		{
			name:  "exit without a first conversation",
			start: StageAssigned,
			steps: []Action{ActBookFirst, ActFirstMissed, ActExit},
			want:  []Stage{StageFirstBooked, StageAssigned, StageExited},
		},
		{
			name:  "not eligible",
			start: StageContacted,
			steps: []Action{ActBookInfo, ActInfoHeld, ActNotEligible},
			want:  []Stage{StageInfoBooked, StageEligibilityPending, StageNotEligible},
		},
		{
			name:  "refused from the waiting list",
			start: StageContacted,
			steps: []Action{ActBookInfo, ActInfoHeld, ActEligible, ActSignContract, ActWaitlist, ActRefuseAssignment},
			want:  []Stage{StageInfoBooked, StageEligibilityPending, StageContractPending, StageContractSigned, StageWaitingList, StageAssignmentRefused},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []Stage
			s := tt.start
			for _, act := range tt.steps {
				next, err := Next(s, act)
				if err != nil {
					t.Fatalf("after %v: Next(%s, %s) error: %v", got, s, act, err)
				}
				got = append(got, next)
				s = next
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("stages (-want +got):\n%s", diff)
			}
		})
	}
}

func TestClosedStages(t *testing.T) {
	wantClosed := map[Stage]bool{StageDeclined: true, StageNotEligible: true, StageAssignmentRefused: true, StageWithdrawn: true,
		StageExited: true}
	var wantOpen []Stage
	for _, s := range Stages() {
		if got := s.Closed(); got != wantClosed[s] {
			t.Errorf("Stage(%s).Closed() = %t, want %t", s, got, wantClosed[s])
		}
		if !wantClosed[s] {
			wantOpen = append(wantOpen, s)
		}
	}
	if diff := cmp.Diff(wantOpen, OpenStages()); diff != "" {
		t.Errorf("OpenStages() (-want +got):\n%s", diff)
	}
	for s := range wantClosed {
		t.Run(string(s), func(t *testing.T) {
			for _, act := range Actions() {
				if _, ok := allowedTransitions[s][act]; ok {
					continue // the sponsor's note of a refusal: no change of stage
				}
				if Allowed(s, act) {
					t.Errorf("Allowed(%s, %s) = true, want false", s, act)
				}
				got, err := Next(s, act)
				var ce *ConflictError
				if !errors.As(err, &ce) || ce.Key != "journey.closed" {
					t.Errorf("Next(%s, %s) error = %v, want conflict journey.closed", s, act, err)
				}
				if got != s {
					t.Errorf("Next(%s, %s) = %s, want %s", s, act, got, s)
				}
			}
		})
	}
}

func TestStageAssigned(t *testing.T) {
	want := map[Stage]bool{StageAssigned: true, StageFirstBooked: true, StageActive: true}
	for _, s := range Stages() {
		if got := s.Assigned(); got != want[s] {
			t.Errorf("Stage(%s).Assigned() = %t, want %t", s, got, want[s])
		}
	}
}
