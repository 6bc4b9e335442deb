"""The security test suite: authorization matrix, API fuzzing, hostile inputs, data at rest, audit chain."""
