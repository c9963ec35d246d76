# SPBE evaluation models arrive with the SPBE issue.
