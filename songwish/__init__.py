"""Process-wide wiring for SongWish: settings and the command line."""
