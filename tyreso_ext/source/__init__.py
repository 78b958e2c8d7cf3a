"""Reading report sources without Sphinx: the one reader that the build and `tyreso check` share."""
