"""A second, independent eval set (issues 13 and 17), written apart from the model work."""
