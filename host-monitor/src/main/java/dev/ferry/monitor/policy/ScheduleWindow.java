package dev.ferry.monitor.policy;

import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.util.EnumSet;
import java.util.Set;

/**
 * When copies may run, in the agent's local time: from {@code startMinute} (inclusive) to {@code
 * endMinute} (exclusive), minutes since midnight. A window whose end is not after its start crosses
 * midnight ({@code 22:00-06:00}) and belongs to the day it starts on: with days {@code [fri]} it
 * runs Friday 22:00 to Saturday 06:00. Immutable.
 *
 * @param startMinute 0..1439
 * @param endMinute 0..1440 (1440 is {@code 24:00}); never equal to {@code startMinute}
 * @param days the days a window may start on; never empty
 */
public record ScheduleWindow(int startMinute, int endMinute, Set<DayOfWeek> days) {
  private static final int DAY = 24 * 60;

  /** All day, every day: the schedule of a policy without one. */
  public static final ScheduleWindow ALWAYS =
      new ScheduleWindow(0, DAY, EnumSet.allOf(DayOfWeek.class));

  public ScheduleWindow {
    if (startMinute < 0 || startMinute >= DAY || endMinute < 0 || endMinute > DAY) {
      throw new IllegalArgumentException("window minutes out of range");
    }
    if (startMinute == endMinute) {
      throw new IllegalArgumentException("empty window");
    }
    if (days.isEmpty()) {
      throw new IllegalArgumentException("no days");
    }
    days = Set.copyOf(days);
  }

  /** True if {@code time} (local) falls in the window. */
  public boolean contains(LocalDateTime time) {
    int m = time.getHour() * 60 + time.getMinute();
    DayOfWeek day = time.getDayOfWeek();
    if (startMinute < endMinute) {
      return m >= startMinute && m < endMinute && days.contains(day);
    }
    return (m >= startMinute && days.contains(day))
        || (m < endMinute && days.contains(day.minus(1)));
  }
}
