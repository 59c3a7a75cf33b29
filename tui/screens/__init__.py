"""The reader's screens: the main reader, help, confirmation and tag picker."""
