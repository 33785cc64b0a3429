// Progressive enhancement for the course pages; every page reads fine without it.
