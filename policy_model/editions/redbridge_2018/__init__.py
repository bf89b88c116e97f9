"""The guidance as written (c. 2018): one edition folder (docs/changing-the-policy.md)."""
