"""The proposed 2024 revision: one edition folder (docs/changing-the-policy.md)."""
