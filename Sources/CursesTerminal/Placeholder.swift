import CNcursesw
public enum CursesTerminalPlaceholder {}
