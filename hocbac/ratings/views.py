"""Pages of monthly classification and the year-end evaluation."""
