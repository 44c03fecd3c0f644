"""Analysis: engagement indices, statistical inference and robustness, used by the findings and chapters."""
