# Shared-practice models arrive with the knowledge issue.
