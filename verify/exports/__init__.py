"""Exports of the model to other checkers: Promela, and SPIN to run it."""
