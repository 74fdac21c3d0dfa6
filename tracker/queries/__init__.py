"""Read side: queries built for what each screen or endpoint needs; they return domain Structs."""
