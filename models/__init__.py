"""The shipped clause classifier; installed as the package data of ``licensecheck.models``."""
