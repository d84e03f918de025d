package dev.ferry.monitor.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class ScheduleWindowTest {
  // 2026-11-20 is a Friday
  private static final ScheduleWindow FRIDAY_NIGHT =
      new ScheduleWindow(22 * 60, 6 * 60, EnumSet.of(DayOfWeek.FRIDAY));

  @Test
  void aWindowAcrossMidnightBelongsToTheDayItStarts() {
    assertThat(FRIDAY_NIGHT.contains(LocalDateTime.of(2026, 11, 20, 21, 59))).isFalse();
    assertThat(FRIDAY_NIGHT.contains(LocalDateTime.of(2026, 11, 20, 22, 0))).isTrue();
    assertThat(FRIDAY_NIGHT.contains(LocalDateTime.of(2026, 11, 21, 5, 59))).isTrue();
    assertThat(FRIDAY_NIGHT.contains(LocalDateTime.of(2026, 11, 21, 6, 0))).isFalse();
    assertThat(FRIDAY_NIGHT.contains(LocalDateTime.of(2026, 11, 21, 22, 30))).isFalse();
    assertThat(FRIDAY_NIGHT.contains(LocalDateTime.of(2026, 11, 20, 3, 0))).isFalse();
  }

  @Test
  void aDaytimeWindowEndsBeforeItsEndMinute() {
    ScheduleWindow office = new ScheduleWindow(9 * 60, 24 * 60, EnumSet.allOf(DayOfWeek.class));

    assertThat(office.contains(LocalDateTime.of(2026, 11, 20, 8, 59))).isFalse();
    assertThat(office.contains(LocalDateTime.of(2026, 11, 20, 23, 59))).isTrue();
    assertThat(ScheduleWindow.ALWAYS.contains(LocalDateTime.of(2026, 11, 22, 0, 0))).isTrue();
  }
}
