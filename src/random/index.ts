// keras.random: seeded generators.
export {};
