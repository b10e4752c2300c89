"""Frozen values that cross the stages; they import nothing above them."""
