package dev.camroll.cli;

/** The {@code camroll} command. */
public final class Camroll {

    private Camroll() {}

    public static void main(String[] args) {
        System.out.println("camroll");
    }
}
