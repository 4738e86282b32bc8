// Package teilhabe is the domain of the teilhabe case-management application:
// programmes, organisations, locations, participants and their cases, the
// participant journey as a state machine, deadlines, and the access rules
// that decide who may see and do what.
//
// The package imports neither net/http nor database/sql, so every rule can be
// tested as a pure function. Storage lives in package sqldb, the web interface
// in package web, and the command in cmd/teilhabe.
package teilhabe
