"""The real ``byline`` command in a real terminal (tmux, or a bare pseudo-terminal)."""
