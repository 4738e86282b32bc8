package web

import (
	"net/http"
	"strconv"

	"teilhabe"
	"teilhabe/sqldb"
)

type capacityPage struct {
	page
	Year     int
	Capacity []sqldb.LocationCapacity
}

func (s *Server) capacity(w http.ResponseWriter, r *http.Request, u teilhabe.User) error {
	year := s.db.Today().Year()
	if y, err := strconv.Atoi(r.URL.Query().Get("year")); err == nil && y >= 2000 && y <= 2200 {
		year = y
	}
	list, err := s.db.FindCapacity(r.Context(), u.Actor(), year)
	if err != nil {
		return err
	}
	p := capacityPage{page: s.newPage(r, "title.capacity"), Year: year, Capacity: list}
	return s.render(w, r, http.StatusOK, "capacity", &p)
}
