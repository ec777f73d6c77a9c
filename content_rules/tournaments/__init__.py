"""Tournament rules shared by the studio and the server: lifecycle, pairings, schedules.

Pure functions over plain data, so the studio can preview a bracket or a schedule offline
and the server can check the same rules on the mutation that stores it.
"""
