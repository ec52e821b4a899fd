"""End-to-end tests: generated clients against the mock controller, avisdk and the spec."""
