"""What the build makes besides the HTML pages: one PDF per report, the open data, CI annotations."""
