package dev.camroll.cluster;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.camroll.client.CamrollClient;
import dev.camroll.testing.CameraRolls;

/**
 * A simulated user: their camera roll, split over two phones that share some of it, what the service acknowledged
 * (the content hashes a phone saw stored: an upload that completed, or a line answered {@code duplicate}), and what
 * went wrong from their side.
 */
final class User {

    final String subject;

    volatile CamrollClient client;

    final CameraRolls.Roll roll;

    /** The files of each phone (the two lists overlap: the same photo on both phones). */
    final List<List<CameraRolls.RollFile>> phones;

    final boolean withdraws;

    final Set<String> acknowledged = ConcurrentHashMap.newKeySet();

    /** Lines that did not end stored, by path, with why: each one is a finding unless the user withdrew. */
    final Map<String, String> problems = new ConcurrentHashMap<>();

    volatile boolean withdrawn;

    User(String subject, CameraRolls.Roll roll, List<List<CameraRolls.RollFile>> phones, boolean withdraws) {
        this.subject = subject;

        this.roll = roll;
        this.phones = phones;
        this.withdraws = withdraws;
    }

    /** The distinct contents the user's phones announce. */
    Set<String> announced() {
        Set<String> sha256 = new HashSet<>();
        phones.forEach(files -> files.forEach(file -> sha256.add(file.sha256())));
        return sha256;
    }

    int lines() {
        return phones.stream().mapToInt(List::size).sum();
    }
}
